namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Everything a certificate says, fixed at issue time. The PDF, the certificate page and the Open Badges
/// credential are all rendered from this one record, so they can never disagree.
/// </summary>
public sealed record CertificateDocument(
    Guid CertificateId,
    string VerificationCode,
    DateTimeOffset IssuedAt,
    string HolderGivenName,
    string? HolderMiddleName,
    string HolderFamilyName,
    string? HolderSuffix,
    string HolderEmail,
    IReadOnlyList<LicenseLine> Licenses,
    string CourseId,
    string CourseTitle,
    string CourseVersion,
    string ContentHash,
    string ActivityFormat,
    DateTimeOffset ActivityStart,
    DateTimeOffset ActivityEnd,
    string CreditTypeId,
    string CreditTypeName,
    string CreditUnit,
    decimal Credits,
    decimal CreditsAvailable,
    string AccreditationStatement,
    string ProviderName,
    string ProviderUrl,
    string VerifyUrl,
    int StatusListIndex,
    CreditKind Kind = CreditKind.Course,
    int StatusList = 1,
    string? Accreditor = null,
    string? AccreditorUrl = null,
    string? TimeZoneId = null)
{
    // TimeZoneId: the learner's IANA zone at issue; every surface shows the certificate's dates in it (ADR-018).

    public string HolderName => Accounts.AppUser.FullName(HolderGivenName, HolderMiddleName, HolderFamilyName, HolderSuffix);
}
