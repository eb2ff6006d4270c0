namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// A learner confirmed reading the disclosures of one course version before starting it (issue 22 item 2, ACCME
/// Standard 3: disclosure to learners before they engage). Once per person and version; the time is kept for the
/// activity file.
/// </summary>
public sealed class DisclosureAcknowledgment
{
    public Guid UserId { get; set; }
    public Guid CourseVersionId { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}
