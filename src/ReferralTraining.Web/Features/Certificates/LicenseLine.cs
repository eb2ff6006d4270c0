namespace ReferralTraining.Web.Features.Certificates;

/// <summary>A licence as printed on a certificate.</summary>
public sealed record LicenseLine(string IssuingAuthority, string Number);
