namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// A follow-up's answer about a commitment made from a practice-scenario checklist item: how consistently the
/// clinician did the behavior (or, for an item to avoid, avoided it) with patients since the course.
/// </summary>
public enum BehaviorUse { NotYet = 0, Sometimes = 1, Routinely = 2 }
