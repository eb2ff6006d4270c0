namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// A course version's evaluations in aggregate (issue 22 item 4), as admins and the activity file report them.
/// Below <see cref="EvaluationSummaries.MinimumCell"/> evaluations nothing but the count is given; within a question,
/// cells of 1-4 people are suppressed (with a second cell where one alone could be recovered from the total).
/// </summary>
public sealed record EvaluationSummary(
    Guid CourseVersionId,
    string CourseId,
    string Title,
    string Version,
    int Evaluations,
    double? RelevanceMean,
    double? ObjectivesMetMean,
    AnswerDistribution FreeOfBias,
    IReadOnlyList<ObjectiveMetSummary> Objectives,
    AnswerDistribution IntentToChange,
    int? IntendedChangeComments)
{
    public bool Suppressed => Evaluations < EvaluationSummaries.MinimumCell;
}
