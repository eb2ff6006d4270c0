namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>A behavior the follow-ups can ask about: a checklist item ("checklist.item") with its wording.</summary>
public sealed record FollowUpItem(string Key, string Text);
