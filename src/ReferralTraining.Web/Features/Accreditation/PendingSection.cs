namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>A section whose data this build does not hold yet; <see cref="Note"/> says what will fill it.</summary>
public sealed record PendingSection(bool Available, string Note);
