using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

public sealed record QuizCase(string Id, string Html, int Line)
{
    /// <summary>The case text as written (for export).</summary>
    public string Markdown { get; init; } = "";
}
