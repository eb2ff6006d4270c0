namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>Learners awarded one credit type for the version (course credit and practice-improvement credit apart).</summary>
public sealed record CreditTypeCount(string TypeId, string Name, string Kind, string Learners);
