using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

/// <summary>The post-test rules from course.md's <c>quiz:</c> block.</summary>
public sealed record QuizSettings(
    int PassingScore,
    int AttemptsAllowed,
    int CooldownMinutes,
    RevealAnswers RevealAnswers,
    IReadOnlyDictionary<string, int> Draw)
{
    public int QuestionsPerAttempt => Draw.Values.Sum();
}
