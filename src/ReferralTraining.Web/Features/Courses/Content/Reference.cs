namespace ReferralTraining.Web.Features.Courses.Content;

public sealed record Reference(string Id, string Short, string Citation);
