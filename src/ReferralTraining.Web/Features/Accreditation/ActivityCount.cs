namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>A labeled row of people counts: enrolled in the version, and completed it (awarded its credit or participation).</summary>
public sealed record ActivityCount(string Label, string Enrolled, string Completed);
