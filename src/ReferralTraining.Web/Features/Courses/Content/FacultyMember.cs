namespace ReferralTraining.Web.Features.Courses.Content;

public sealed record FacultyMember(string Name, string Credentials, string Role);
