using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

public sealed record QuizCase(string Id, string Html, int Line)
{
    /// <summary>The case text as written (for export).</summary>
    public string Markdown { get; init; } = "";
}
