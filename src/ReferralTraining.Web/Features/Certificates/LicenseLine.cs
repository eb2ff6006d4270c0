namespace ReferralTraining.Web.Features.Certificates;

/// <summary>A license as printed on a certificate.</summary>
public sealed record LicenseLine(string IssuingAuthority, string Number);
