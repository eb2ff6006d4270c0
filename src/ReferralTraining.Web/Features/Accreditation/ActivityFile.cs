using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// Everything an accreditor's reviewer asks of one course version (issue 22 item 5, ADR-030), in the order the PDF prints
/// it. Counts of people are strings: a cell of 1 to <see cref="ActivityFileService.MinimumCell"/> − 1 people reads "&lt;5",
/// never the number. <see cref="AsOf"/> is the newest timestamp of the data (or the cut-off asked for), never "now".
/// </summary>
public sealed record ActivityFile(
    string Format,
    DateTimeOffset AsOf,
    int MinimumCell,
    ActivityIdentity Activity,
    IReadOnlyList<FacultyMember> PeopleInControlOfContent,
    IReadOnlyList<string> ProviderMustFillIn,
    AcknowledgmentRecord DisclosureToLearners,
    ActivityPlanning PlanningRecord,
    LearnerCounts Learners,
    EvaluationSummary Evaluation,
    QuizSummary Quiz,
    IReadOnlyList<FollowUpOutcome> PracticeChangeOutcomes);
