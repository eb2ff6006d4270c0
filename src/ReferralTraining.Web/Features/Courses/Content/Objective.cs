namespace ReferralTraining.Web.Features.Courses.Content;

public sealed record Objective(string Id, string Text);
