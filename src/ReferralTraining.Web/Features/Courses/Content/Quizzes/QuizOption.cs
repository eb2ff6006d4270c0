using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

/// <summary>One answer choice. <see cref="Id"/> is its letter in the source ("a", "b", …), stable across shuffles.</summary>
public sealed record QuizOption(string Id, string Markdown, string Html, bool Correct, string FeedbackHtml)
{
    /// <summary>The feedback as written, kept so the pool can be exported (GIFT) without turning HTML back into Markdown.</summary>
    public string FeedbackMarkdown { get; init; } = "";
}
