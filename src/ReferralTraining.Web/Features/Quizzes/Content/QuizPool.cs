using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

public sealed record QuizPool(QuizSettings Settings, IReadOnlyList<QuizCase> Cases, IReadOnlyList<QuizQuestion> Questions);
