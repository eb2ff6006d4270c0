using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.UnitTests.Features.Certificates.Pdf;

internal static class PdfTestData
{
    public const string NaadacStatement =
        "ReferralTraining is a NAADAC Approved Education Provider, NAADAC Provider #000000. ReferralTraining is responsible for all aspects of the programming.";

    public static CertificateDocument Certificate() => new(
        CertificateId: Guid.Parse("0f8c2a6e-4d1b-4c5e-9a3f-2b7d6e1c8a90"),
        VerificationCode: "RT-7K3M-9QXD",
        IssuedAt: new DateTimeOffset(2026, 3, 5, 20, 14, 0, TimeSpan.Zero),
        HolderGivenName: "Jordan",
        HolderMiddleName: "A.",
        HolderFamilyName: "Rivera",
        HolderSuffix: null,
        HolderEmail: "jordan@example.org",
        Licenses: [new LicenseLine("Illinois Certification Board", "CADC 123456")],
        CourseId: "intensive-referral",
        CourseTitle: "Intensive referral to mutual-help groups",
        CourseVersion: "1.1.0",
        ContentHash: "3fa9c2d41e07b5a8c6d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0",
        ActivityFormat: "Enduring material (online, self-paced)",
        ActivityStart: new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero),
        ActivityEnd: new DateTimeOffset(2026, 3, 5, 20, 10, 0, TimeSpan.Zero),
        CreditTypeId: "naadac",
        CreditTypeName: "NAADAC",
        CreditUnit: "NAADAC CE hours",
        Credits: 0.50m,
        CreditsAvailable: 0.5m,
        AccreditationStatement: NaadacStatement,
        ProviderName: "ReferralTraining",
        ProviderUrl: "https://referraltraining.example.org",
        VerifyUrl: "https://referraltraining.example.org/verify/RT-7K3M-9QXD",
        StatusListIndex: 42);

    public static TranscriptLine Line(int i, string unit = "NAADAC CE hours", decimal credits = 0.5m, string status = "Valid") => new(
        CompletedAt: new DateTimeOffset(2026, 1, 1, 18, 0, 0, TimeSpan.Zero).AddDays(i),
        CourseTitle: i % 7 == 0 ? $"Course {i}: a deliberately long title about referral to mutual-help groups for people with co-occurring disorders in justice settings" : $"Course {i}",
        CourseVersion: "1.1.0",
        CreditTypeName: unit.StartsWith("NAADAC", StringComparison.Ordinal) ? "NAADAC" : "NBCC",
        CreditUnit: unit,
        Credits: credits,
        VerificationCode: $"RT-{i:0000}-ABCD",
        Status: status);

    public static TranscriptDocument Transcript(IReadOnlyList<TranscriptLine> lines, DateOnly? from = null, DateOnly? to = null) => new(
        HolderName: "Jordan A. Rivera",
        Licenses: [new LicenseLine("Illinois Certification Board", "CADC 123456"), new LicenseLine("NBCC", "NCC 998877")],
        From: from,
        To: to,
        TimeZoneId: "America/Chicago",
        Lines: lines,
        ProviderName: "ReferralTraining",
        ProviderUrl: "https://referraltraining.example.org",
        GeneratedAt: new DateTimeOffset(2026, 11, 26, 15, 30, 0, TimeSpan.Zero));
}
