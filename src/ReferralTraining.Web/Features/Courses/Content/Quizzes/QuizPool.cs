using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

public sealed record QuizPool(QuizSettings Settings, IReadOnlyList<QuizCase> Cases, IReadOnlyList<QuizQuestion> Questions);
