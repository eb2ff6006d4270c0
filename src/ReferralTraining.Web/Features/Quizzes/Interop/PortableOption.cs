using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>An answer choice as plain source text (Markdown), the same in every exchange format.</summary>
public sealed record PortableOption(string Text, bool Correct, string Feedback);
