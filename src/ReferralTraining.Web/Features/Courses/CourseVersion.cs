using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>An immutable, published snapshot of a course. Enrollments, attempts and certificates point here.</summary>
public sealed class CourseVersion
{
    public Guid Id { get; set; }
    public string CourseId { get; set; } = "";
    public string Version { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Audience { get; set; } = "";
    public int EstimatedMinutes { get; set; }
    public DateOnly? ReleaseDate { get; set; }
    public DateOnly? ReviewDate { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public string OverviewHtml { get; set; } = "";
    public IReadOnlyList<Objective> Objectives { get; set; } = [];
    public IReadOnlyList<Reference> References { get; set; } = [];
    public IReadOnlyList<FacultyMember> Faculty { get; set; } = [];
    public IReadOnlyList<CreditOffer> Credits { get; set; } = [];
    public DateTimeOffset PublishedAt { get; set; }
    /// <summary>The question pool and quiz rules of this version, or null when the course has no quiz.</summary>
    public QuizPool? Quiz { get; set; }
    /// <summary>Referral practices a learner can commit to change, with tips for the follow-up nudges.</summary>
    public IReadOnlyList<PracticeDefinition> Practices { get; set; } = [];
    /// <summary>Days after completion at which commitments are followed up (the last earns practice credit).</summary>
    public List<int> FollowUpDays { get; set; } = [];
    /// <summary>Practice scenarios as published with this version (attempts snapshot the one they play).</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Scenarios.ScenarioDefinition> Scenarios { get; set; } = [];
    /// <summary>Scenarios completion requires, with the minimum fidelity; null when none.</summary>
    public ReferralTraining.Web.Features.Courses.Content.Scenarios.ScenarioRequirement? ScenarioRequirement { get; set; }
    /// <summary>The planning record (issue 22 item 3) as published; null on versions published before planning records.</summary>
    public ReferralTraining.Web.Features.Courses.Content.Planning.PlanningRecord? Planning { get; set; }
    public List<CourseModule> Modules { get; set; } = [];

    /// <summary>Objective → questions / scenarios / follow-up items of this version, derived from its content.</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Planning.ObjectiveCoverage> ObjectiveMap() =>
        ReferralTraining.Web.Features.Courses.Content.Planning.ObjectiveMap.Derive(Objectives, Quiz, Scenarios);
}
