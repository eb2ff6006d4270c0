using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

/// <summary>A certificate, options and in-memory issuer keys; each test makes its own (no shared state).</summary>
internal sealed class CredentialTestData : IDisposable
{
    public static readonly DateTimeOffset IssuedAt = new(2026, 3, 14, 18, 5, 0, 437, TimeSpan.Zero);

    public CredentialTestData()
    {
        CurrentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        PublicKey = IssuerPublicKey.FromKey(CurrentKey, Options.KeyUrl, IssuedAt.AddYears(-1));
    }

    public CredentialsOptions Options { get; } = new()
    {
        PublicBaseUrl = "https://ce.example.org/",
        IssuerName = "Example CE Institute",
        IssuerEmail = "ce@example.org",
    };

    public ECDsa CurrentKey { get; }

    public IssuerPublicKey PublicKey { get; }

    public IssuerSigningKey SigningKey => new(PublicKey.Kid, CurrentKey);

    public IReadOnlyCollection<IssuerPublicKey> Keys => [PublicKey];

    /// <summary>A moment well after issue, when the credential is plainly valid.</summary>
    public static DateTimeOffset Now => IssuedAt.AddDays(30);

    public static CertificateDocument Document(Guid? id = null, int statusIndex = 94567, IReadOnlyList<LicenseLine>? licenses = null) => new(
        CertificateId: id ?? new Guid("2f0f8a4e-7c1e-4a57-9a4c-1b7d0c9f3e11"),
        VerificationCode: "RT-7K3M-Q9TX",
        IssuedAt: IssuedAt,
        HolderGivenName: "Ana",
        HolderMiddleName: null,
        HolderFamilyName: "García",
        HolderSuffix: "RN",
        HolderEmail: "Ana.Garcia@Example.com ",
        Licenses: licenses ?? [new LicenseLine("CA-BRN", "RN 123456"), new LicenseLine("NV-SBN", "RN-998877")],
        CourseId: "families",
        CourseTitle: "Helping families: Al-Anon, Nar-Anon, Adult Children of Alcoholics and CRAFT",
        CourseVersion: "1.1.0",
        ContentHash: "9f2c1a0e5b7d4c3f8a6e2d1b0c9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7",
        ActivityFormat: "Enduring material (online self-study)",
        ActivityStart: IssuedAt.AddMinutes(-75),
        ActivityEnd: IssuedAt.AddSeconds(-2),
        CreditTypeId: "ancc",
        CreditTypeName: "ANCC nursing continuing professional development",
        CreditUnit: "contact hours",
        Credits: 1.250m,
        CreditsAvailable: 1.25m,
        AccreditationStatement: "Example CE Institute is accredited as a provider of nursing continuing professional development by the American Nurses Credentialing Center's Commission on Accreditation.",
        ProviderName: "Example CE Institute",
        ProviderUrl: "https://ce.example.org",
        VerifyUrl: "https://ce.example.org/verify/RT-7K3M-Q9TX",
        StatusListIndex: statusIndex);

    public JsonObject Credential(CertificateDocument? doc = null) => OpenBadgeBuilder.Build(doc ?? Document(), Options);

    public string SignedCredential(CertificateDocument? doc = null) => VcJwt.Sign(Credential(doc), SigningKey);

    /// <summary>A lookup over a fixed set of revoked indexes of the issuer's one list.</summary>
    public CredentialStatusLookup Revoked(params int[] indexes) =>
        CredentialsApi.RevocationLookup(new FixedRevokedIndexes(indexes), Options);

    public void Dispose() => CurrentKey.Dispose();

    /// <summary>Revoked indexes of list 1; <paramref name="lists"/> lists exist, the others have nothing revoked.</summary>
    public sealed class FixedRevokedIndexes(IReadOnlyCollection<int> indexes, int lists = 1, IReadOnlyCollection<int>? suspended = null) : IRevokedIndexSource
    {
        public Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list, CancellationToken ct) => Task.FromResult(list == 1 ? indexes : (IReadOnlyCollection<int>)[]);

        public Task<IReadOnlyCollection<int>> SuspendedIndexesAsync(int list, CancellationToken ct) => Task.FromResult(list == 1 ? suspended ?? [] : (IReadOnlyCollection<int>)[]);

        public Task<int> ListCountAsync(CancellationToken ct) => Task.FromResult(lists);
    }
}
