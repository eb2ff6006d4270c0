namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>The PARS activity export: refused (with the setting to fill in), or the file with its row count.</summary>
public sealed record ParsActivityFile(string? Refusal, string FileName, byte[] Content, int Rows);
