using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// The objective → questions / scenarios / follow-up items map of a course version, computed from the content so that
/// it cannot drift from what learners are actually assessed on.
/// </summary>
public static class ObjectiveMap
{
    public static IReadOnlyList<ObjectiveCoverage> Derive(
        IReadOnlyList<Objective> objectives, QuizPool? quiz, IReadOnlyList<ScenarioDefinition> scenarios) =>
        objectives.Select(o =>
        {
            var questions = (quiz?.Questions ?? []).Where(q => q.ObjectiveIds.Contains(o.Id)).Select(q => q.Id).ToList();
            var practiced = scenarios.Where(s => s.ObjectiveIds.Contains(o.Id)).ToList();
            var items = practiced.SelectMany(s => s.Assesses).DistinctBy(a => a.Key)
                .Select(a => new FollowUpItem(a.Key, a.Text)).ToList();
            return new ObjectiveCoverage(o.Id, o.Text, questions, practiced.Select(s => s.Id).ToList(), items);
        }).ToList();
}
