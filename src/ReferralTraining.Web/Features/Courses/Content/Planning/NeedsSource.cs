namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// One source of the needs assessment: a reference of the course (<see cref="ReferenceId"/> set, <see cref="Citation"/>
/// copied from it) or a free-text source such as "learner evaluations of version 1.3.0" (<see cref="ReferenceId"/> null).
/// <see cref="Finding"/> says what the source showed about the need.
/// </summary>
public sealed record NeedsSource(string? ReferenceId, string Citation, string Finding);
