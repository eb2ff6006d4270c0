namespace ReferralTraining.Web.Features.Certificates;

public static class StatusReasons
{
    /// <summary>
    /// A board sees why a certificate was revoked or suspended; a reason left from an earlier suspension of a now valid
    /// one stays private. One rule for the PDF, the verify page and every verification API.
    /// </summary>
    public static string? Public(CertificateStatus status, string? reason) => status == CertificateStatus.Active ? null : reason;
}
