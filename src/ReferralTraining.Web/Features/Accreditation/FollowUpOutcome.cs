namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// The practice-change follow-up at one offset (e.g. 30 or 90 days after completion): people asked and answering,
/// and their commitments implemented fully, partly or not yet (self-reported performance, Moore level 5).
/// </summary>
public sealed record FollowUpOutcome(int OffsetDays, string PeopleAsked, string PeopleAnswering, string? Fully, string? Partly, string? NotYet, string? PatientsReached);
