using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// Takes the commitments written on a course evaluation and schedules their follow-ups (the evaluation calls this
/// through <see cref="IEvaluationCommitments"/>, inside its own transaction).
/// </summary>
public sealed class CommitmentPlanner(AppDbContext db, IOptions<PracticeChangeOptions> options) : IEvaluationCommitments
{
    public const int MaxCommitments = 3;

    /// <summary>Checks commitments against the practices the course version defines. Field names match the page's form.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<PracticeDefinition> practices, IReadOnlyList<CommitmentInput>? inputs)
    {
        var errors = new List<FieldError>();
        if (practices.Count == 0)
        {
            return errors;
        }
        var filled = (inputs ?? []).Select((c, i) => (c, i))
            .Where(x => !string.IsNullOrWhiteSpace(x.c.PracticeId) || !string.IsNullOrWhiteSpace(x.c.Text) || x.c.ExpectedPatients is not null || x.c.Confidence is not null)
            .ToList();
        if (filled.Count == 0)
        {
            errors.Add(new("Commitments[0].PracticeId", "Write at least one change you will make in your practice."));
            return errors;
        }
        if (filled.Count > MaxCommitments || (inputs?.Count ?? 0) > MaxCommitments)
        {
            errors.Add(new("Commitments", $"Write at most {MaxCommitments} commitments: a few specific changes are more likely to happen."));
            return errors;
        }
        foreach (var (c, i) in filled)
        {
            var prefix = $"Commitments[{i}].";
            if (string.IsNullOrWhiteSpace(c.PracticeId) || practices.All(p => p.Id != c.PracticeId))
            {
                errors.Add(new(prefix + "PracticeId", "Choose the practice this change is about."));
            }
            if (string.IsNullOrWhiteSpace(c.Text) || c.Text.Trim().Length < 10)
            {
                errors.Add(new(prefix + "Text", "Describe the change in your own words (at least 10 characters)."));
            }
            else if (c.Text.Length > 500)
            {
                errors.Add(new(prefix + "Text", "Keep the change under 500 characters."));
            }
            if (c.ExpectedPatients is null or < 0 or > 10_000)
            {
                errors.Add(new(prefix + "ExpectedPatients", "Enter about how many patients it will apply to in the next 3 months (0 to 10,000)."));
            }
            if (c.Confidence is null or < 1 or > 5)
            {
                errors.Add(new(prefix + "Confidence", "Choose how confident you are, from 1 to 5."));
            }
        }
        if (errors.Count == 0 && filled.GroupBy(x => x.c.PracticeId).Any(g => g.Count() > 1 && g.Select(x => x.c.Text!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() < g.Count()))
        {
            errors.Add(new("Commitments", "Two commitments are the same; write each change once."));
        }
        return errors;
    }

    /// <summary>Saves the commitments and the follow-up schedule from the course's offsets.</summary>
    public async Task SaveAsync(EvaluationContext evaluation, IReadOnlyList<CommitmentInput> inputs)
    {
        var number = 0;
        foreach (var c in inputs.Where(c => !string.IsNullOrWhiteSpace(c.PracticeId)))
        {
            db.Add(new Commitment
            {
                Id = Guid.NewGuid(), EnrollmentId = evaluation.EnrollmentId, UserId = evaluation.UserId, CourseId = evaluation.CourseId, CourseVersionId = evaluation.CourseVersionId,
                Number = ++number, PracticeId = c.PracticeId!, Text = c.Text!.Trim(), ExpectedPatients = c.ExpectedPatients!.Value,
                Confidence = c.Confidence!.Value, CreatedAt = evaluation.CompletedAt,
            });
        }
        if (number == 0)
        {
            return;
        }
        var days = evaluation.FollowUpDays.Count > 0 ? evaluation.FollowUpDays : CourseLoader.DefaultFollowUpDays;
        for (var i = 0; i < days.Count; i++)
        {
            var due = evaluation.CompletedAt.AddDays(days[i]);
            var final = i == days.Count - 1;
            db.Add(new FollowUp
            {
                Id = Guid.NewGuid(), EnrollmentId = evaluation.EnrollmentId, UserId = evaluation.UserId, CourseId = evaluation.CourseId, CourseVersionId = evaluation.CourseVersionId,
                OffsetDays = days[i], Sequence = i, IsFinal = final, CompletedCourseAt = evaluation.CompletedAt, DueAt = due,
                EditableUntil = final ? due.AddDays(options.Value.FinalWindowDays) : evaluation.CompletedAt.AddDays(days[i + 1]),
            });
        }
        await db.SaveChangesAsync();
    }
}
