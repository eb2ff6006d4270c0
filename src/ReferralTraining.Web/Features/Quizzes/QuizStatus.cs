using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed record QuizStatus(
    bool Enrolled, bool ReadingComplete, QuizSettings? Settings, int AttemptsUsed, bool Passed, int? BestScore,
    Guid? OpenAttemptId, DateTimeOffset? NextAttemptAt)
{
    public int AttemptsLeft => Settings is null ? 0 : Math.Max(0, Settings.AttemptsAllowed - AttemptsUsed);
}
