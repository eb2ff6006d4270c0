namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>Learners of the version in total, by profession, and by the credit type they were awarded.</summary>
public sealed record LearnerCounts(string Enrolled, string Completed, IReadOnlyList<ActivityCount> ByProfession, IReadOnlyList<CreditTypeCount> ByCreditType);
