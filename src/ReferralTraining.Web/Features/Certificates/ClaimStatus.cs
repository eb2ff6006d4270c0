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
    int RecordedReadingSeconds = 0, int EstimatedReadingSeconds = 0, int EstimatedMinutes = 0,
    IReadOnlyList<ReferralTraining.Web.Features.Scenarios.ScenarioSummary>? RequiredScenarios = null, int RecordedScenarioSeconds = 0,
    IReadOnlyList<string>? CreditWithheld = null)
{
    /// <summary>Every required practice scenario has an attempt at or above the course's minimum fidelity.</summary>
    public bool ScenariosPassed => (RequiredScenarios ?? []).All(s => s.Passed);

    /// <summary>Engaged time on the course: modules read plus practice scenarios played (issue 19, ADR-017).</summary>
    public int RecordedEngagedSeconds => RecordedReadingSeconds + RecordedScenarioSeconds;

    /// <summary>No credit is offered: what the accredited provider must fill in first (placeholder people, ADR-027).</summary>
    public bool Withheld => (CreditWithheld ?? []).Count > 0;

    public bool ReadyToClaim => Enrolled && ReadingComplete && (!HasQuiz || QuizPassed) && ScenariosPassed && EvaluationDone;
}
