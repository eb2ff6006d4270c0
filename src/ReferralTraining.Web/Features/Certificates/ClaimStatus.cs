using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

public sealed record ClaimStatus(
    bool Enrolled, string CourseTitle, bool ReadingComplete, bool HasQuiz, bool QuizPassed, bool EvaluationDone,
    IReadOnlyList<EligibleCredit> Eligible, IReadOnlyList<(string TypeId, decimal Amount, string? Code)> Claims, Profession? Profession,
    int RecordedReadingSeconds = 0, int EstimatedReadingSeconds = 0, int EstimatedMinutes = 0)
{
    public bool ReadyToClaim => Enrolled && ReadingComplete && (!HasQuiz || QuizPassed) && EvaluationDone;
}
