using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Scenarios;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// Takes the commitments written on a course evaluation and schedules their follow-ups (the evaluation calls this
/// through <see cref="IEvaluationCommitments"/>, inside its own transaction).
/// </summary>
public sealed class CommitmentPlanner(AppDbContext db, IOptions<PracticeChangeOptions> options, IMissedChecklistItems missed) : IEvaluationCommitments
{
    public const int MaxCommitments = 3;

    /// <summary>
    /// Checklist items this person missed in the course's practice scenarios (latest attempt of each; see
    /// <see cref="IMissedChecklistItems"/>), offered as commitments (issue 19 item 6, ADR-025).
    /// </summary>
    public async Task<IReadOnlyList<CommitmentSuggestion>> SuggestionsAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var items = await missed.ForAsync(userId, courseId, ct);
        if (items.Count == 0)
        {
            return [];
        }
        var practices = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Practices).SingleOrDefaultAsync(ct) ?? [];
        return items.Select(i => new CommitmentSuggestion(i.Key, i.Behavior, i.Avoid, i.ScenarioTitle, SuggestedText(i.Behavior, i.Avoid),
            // A course practice named like the item's checklist (e.g. intensive-referral) is preselected; otherwise the clinician picks one.
            practices.Any(p => p.Id == i.ChecklistId) ? i.ChecklistId : null)).ToList();
    }

    /// <summary>The pre-worded commitment for a checklist item; the clinician may edit it like any other.</summary>
    public static string SuggestedText(string behavior, bool avoid)
    {
        var text = (avoid ? "Avoid this with each patient I refer: " : "Do this with each patient I refer: ") + behavior.Trim();
        return text.Length <= 500 ? text : text[..500];
    }

    public async Task<IReadOnlyList<FieldError>> ValidateAsync(Guid userId, string courseId, IReadOnlyList<PracticeDefinition> practices, IReadOnlyList<CommitmentInput>? inputs, CancellationToken ct)
    {
        var errors = Validate(practices, inputs).ToList();
        var chosen = (inputs ?? []).Select((c, i) => (c, i)).Where(x => !string.IsNullOrWhiteSpace(x.c.ChecklistItem)).ToList();
        if (practices.Count == 0 || chosen.Count == 0 || errors.Any(e => e.Field == "Commitments"))
        {
            return errors;
        }
        // Only this person's own missed items: another person's (or a made-up) key is refused, never stored.
        var mine = (await SuggestionsAsync(userId, courseId, ct)).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (c, i) in chosen)
        {
            if (!mine.Contains(c.ChecklistItem!))
            {
                errors.Add(new($"Commitments[{i}].ChecklistItem", "Choose a checklist item you missed in this course's practice scenarios, or none."));
            }
        }
        if (chosen.GroupBy(x => x.c.ChecklistItem, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            errors.Add(new("Commitments", "Two commitments are about the same checklist item; make each one about a different item."));
        }
        return errors;
    }

    /// <summary>Checks commitments against the practices the course version defines. Field names match the page's form.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<PracticeDefinition> practices, IReadOnlyList<CommitmentInput>? inputs)
    {
        var errors = new List<FieldError>();
        if (practices.Count == 0)
        {
            return errors;
        }
        var filled = (inputs ?? []).Select((c, i) => (c, i))
            .Where(x => !string.IsNullOrWhiteSpace(x.c.PracticeId) || !string.IsNullOrWhiteSpace(x.c.Text) || x.c.ExpectedPatients is not null || x.c.Confidence is not null
                || !string.IsNullOrWhiteSpace(x.c.ChecklistItem))
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
    public async Task SaveAsync(EvaluationContext evaluation, IReadOnlyList<CommitmentInput> inputs, CancellationToken ct)
    {
        var number = 0;
        // Validated against the same suggestions just before; read again here to snapshot the item's wording.
        var suggestions = inputs.Any(c => !string.IsNullOrWhiteSpace(c.ChecklistItem))
            ? (await SuggestionsAsync(evaluation.UserId, evaluation.CourseId, ct)).ToDictionary(s => s.Key, StringComparer.Ordinal)
            : [];
        foreach (var c in inputs.Where(c => !string.IsNullOrWhiteSpace(c.PracticeId)))
        {
            var item = c.ChecklistItem is { } key ? suggestions.GetValueOrDefault(key) : null;
            db.Add(new Commitment
            {
                Id = Guid.NewGuid(), EnrollmentId = evaluation.EnrollmentId, UserId = evaluation.UserId, CourseId = evaluation.CourseId, CourseVersionId = evaluation.CourseVersionId,
                Number = ++number, PracticeId = c.PracticeId!, Text = c.Text!.Trim(), ExpectedPatients = c.ExpectedPatients!.Value,
                Confidence = c.Confidence!.Value, CreatedAt = evaluation.CompletedAt,
                ChecklistItemKey = item?.Key, Behavior = item?.Behavior, AvoidBehavior = item?.Avoid ?? false,
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
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// A checklist item the clinician missed in a practice scenario, offered as a commitment: <see cref="Text"/> is the
/// pre-worded commitment, <see cref="PracticeId"/> the course practice to preselect (null: the clinician chooses).
/// </summary>
public sealed record CommitmentSuggestion(string Key, string Behavior, bool Avoid, string ScenarioTitle, string Text, string? PracticeId);
