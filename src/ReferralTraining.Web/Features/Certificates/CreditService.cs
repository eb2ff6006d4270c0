using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Evaluation and credit claims: the learner's side of CE credit. Issuing happens in a job.</summary>
public sealed class CreditService(AppDbContext db, IOptions<CertificatesOptions> options, IBackgroundJobClient jobs, TimeProvider clock,
    IEvaluationCommitments commitments, ILogger<CreditService> logger, Scenarios.ScenarioService scenarios)
{
    public async Task<ClaimStatus> GetStatusAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new { e.Id, e.CourseVersionId, e.ReadingCompletedAt, v.Title, v.Quiz, v.Credits, v.EstimatedMinutes, v.Faculty })
            .SingleOrDefaultAsync(ct);
        var profession = await db.Users.Where(u => u.Id == userId).Select(u => u.Profession).SingleAsync(ct);
        if (enrollment is null)
        {
            return new ClaimStatus(false, "", false, false, false, false, [], [], profession);
        }
        var passed = await db.QuizAttempts.AnyAsync(a => a.EnrollmentId == enrollment.Id && a.Passed == true, ct);
        var evaluated = await db.CourseEvaluations.AnyAsync(e => e.EnrollmentId == enrollment.Id, ct);
        var claims = await db.CreditClaims.AsNoTracking().Where(c => c.EnrollmentId == enrollment.Id && c.Kind == CreditKind.Course)
            .Select(c => new
            {
                c.CreditTypeId, c.Amount,
                Code = db.CreditAwards.Where(a => a.ClaimId == c.Id)
                    .Join(db.Certificates, a => a.Id, x => x.AwardId, (a, x) => x.VerificationCode).FirstOrDefault(),
            }).ToListAsync(ct);
        // Shown beside the hours claimed, so the learner (and an auditor reading the same numbers) can compare them.
        // Practice scenarios are part of the course (issue 19): their time counts with the modules' reading time.
        var recorded = await db.ModuleEngagement.Where(g => g.EnrollmentId == enrollment.Id).SumAsync(g => g.EngagedSeconds, ct);
        var inScenarios = await db.ScenarioAttempts.Where(a => a.EnrollmentId == enrollment.Id).SumAsync(a => a.EngagedSeconds, ct);
        var words = await db.CourseModules.Where(m => m.CourseVersionId == enrollment.CourseVersionId).Select(m => m.WordCount).ToListAsync(ct);
        // A course version whose people are still placeholders offers no credit (not even participation) until the provider
        // fills them in: accredited credit needs real disclosures (ACCME Standard 3, ADR-027).
        IReadOnlyList<string> withheld = options.Value.OfferCreditWithPlaceholderPeople ? [] : Courses.Content.ContentPeople.ProviderMustFillIn(enrollment.Faculty);
        return new ClaimStatus(true, enrollment.Title, enrollment.ReadingCompletedAt is not null, enrollment.Quiz is not null, passed, evaluated,
            withheld.Count > 0 ? [] : CreditRules.Eligible(enrollment.Credits, profession, options.Value, enrollment.EstimatedMinutes),
            claims.Select(c => (c.CreditTypeId, c.Amount, c.Code)).ToList(), profession,
            recorded, words.Sum(Courses.ReadingTimeOptions.EstimatedSeconds), enrollment.EstimatedMinutes,
            (await scenarios.ListAsync(userId, courseId, ct)).Where(s => s.Required).ToList(), inScenarios, withheld);
    }

    public async Task<IReadOnlyList<FieldError>> SubmitEvaluationAsync(Guid userId, string courseId, EvaluationInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (input.Relevance is null or < 1 or > 5)
        {
            errors.Add(new(nameof(input.Relevance), "Choose how relevant the course was to your practice."));
        }
        if (input.FreeOfBias is null)
        {
            errors.Add(new(nameof(input.FreeOfBias), "Say whether the content was balanced and free of commercial bias."));
        }
        if (input.ObjectivesMet is null or < 1 or > 5)
        {
            errors.Add(new(nameof(input.ObjectivesMet), "Choose how well the objectives were met."));
        }
        if (input.Comment?.Length > 2000)
        {
            errors.Add(new(nameof(input.Comment), "Keep the comment under 2,000 characters."));
        }
        else if (input.FreeOfBias == false && string.IsNullOrWhiteSpace(input.Comment))
        {
            // The provider must be able to act on a report of commercial bias (ACCME Standard 2): a bare "no" says too little.
            errors.Add(new(nameof(input.Comment), "You answered that the content was not free of commercial bias: say in the comment what seemed biased, so the provider can review it."));
        }
        if (input.Intent is null || !Enum.IsDefined(input.Intent.Value))
        {
            errors.Add(new(nameof(input.Intent), "Say whether you intend to change your practice as a result of this course."));
        }
        if (input.IntendedChange?.Length > 500)
        {
            errors.Add(new(nameof(input.IntendedChange), "Keep what you will change under 500 characters."));
        }
        var enrollment = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new { e.Id, e.CourseVersionId, v.Practices, v.FollowUpDays, v.Objectives })
            .SingleOrDefaultAsync(ct);
        if (enrollment is null)
        {
            errors.Add(new("", "Enroll in the course first."));
        }
        else
        {
            errors.AddRange(ValidateObjectivesMet(enrollment.Objectives, input.ObjectivesMetEach));
            // Commitments to change practice are part of the evaluation (commitment-to-change).
            errors.AddRange(await commitments.ValidateAsync(userId, courseId, enrollment.Practices, input.Commitments, ct));
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        if (await db.CourseEvaluations.AnyAsync(e => e.EnrollmentId == enrollment!.Id, ct))
        {
            return []; // already evaluated: a resubmission changes nothing
        }
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // The evaluation and its commitments are saved together or not at all.
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.CourseEvaluations.Add(new CourseEvaluation
            {
                EnrollmentId = enrollment!.Id,
                Relevance = input.Relevance!.Value,
                FreeOfBias = input.FreeOfBias!.Value,
                ObjectivesMet = input.ObjectivesMet!.Value,
                Comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim(),
                Intent = input.Intent!.Value,
                IntendedChange = string.IsNullOrWhiteSpace(input.IntendedChange) ? null : input.IntendedChange.Trim(),
                SubmittedAt = now,
            });
            db.EvaluationObjectiveRatings.AddRange(enrollment.Objectives.Select(o => new EvaluationObjectiveRating
            {
                EnrollmentId = enrollment.Id,
                ObjectiveId = o.Id,
                Met = input.ObjectivesMetEach![o.Id],
            }));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear(); // a double submit: the first one stands
                await tx.RollbackAsync(ct);
                return;
            }
            if (enrollment.Practices.Count > 0)
            {
                await commitments.SaveAsync(new EvaluationContext(enrollment.Id, userId, courseId, enrollment.CourseVersionId, enrollment.FollowUpDays, now),
                    input.Commitments!, ct);
            }
            await tx.CommitAsync(ct);
        });
        return [];
    }

    /// <summary>The objectives of the version this person is enrolled in, which the evaluation asks about one by one.</summary>
    public async Task<IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Objective>> EvaluationObjectivesAsync(Guid userId, string courseId, CancellationToken ct) =>
        await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Objectives)
            .SingleOrDefaultAsync(ct) ?? [];

    /// <summary>Field name of the answer for one objective, as the claim page binds it.</summary>
    public static string ObjectiveField(string objectiveId) => $"ObjectivesMetEach[{objectiveId}]";

    private static List<FieldError> ValidateObjectivesMet(
        IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Objective> objectives, IReadOnlyDictionary<string, ObjectiveMet>? answers)
    {
        var errors = new List<FieldError>();
        foreach (var objective in objectives)
        {
            if (answers is null || !answers.TryGetValue(objective.Id, out var met) || !Enum.IsDefined(met))
            {
                errors.Add(new(ObjectiveField(objective.Id), $"Say whether this objective was met: “{objective.Text}”"));
            }
        }
        if (answers?.Keys.Any(k => objectives.All(o => o.Id != k)) == true)
        {
            // Only a crafted request can name another objective: refuse it rather than store an answer about nothing.
            errors.Add(new("", "The evaluation names an objective this course version does not have. Reload the page and answer again."));
        }
        return errors;
    }

    /// <summary>Records the attested claim and enqueues issuing. Nothing is written unless every rule holds.</summary>
    public async Task<(Guid? ClaimId, IReadOnlyList<FieldError> Errors)> ClaimAsync(Guid userId, string courseId, string? creditTypeId, decimal? amount, bool attested, CancellationToken ct)
    {
        var status = await GetStatusAsync(userId, courseId, ct);
        var errors = new List<FieldError>();
        if (!status.ReadyToClaim)
        {
            errors.Add(new("", "Finish the course first: read every module, pass the quiz and submit the evaluation."));
            return (null, errors);
        }
        if (status.Withheld)
        {
            errors.Add(new("", "This course version offers no credit yet: the provider has not named the people in control of its content and their disclosures."));
            return (null, errors);
        }
        var credit = status.Eligible.FirstOrDefault(c => c.TypeId == creditTypeId);
        if (credit is null)
        {
            errors.Add(new("CreditTypeId", "Choose a type of credit offered for your profession."));
        }
        else if (amount is null)
        {
            errors.Add(new("Amount", "Enter the amount of credit you are claiming."));
        }
        else if (CreditRules.ValidateAmount(credit, amount.Value) is { } problem)
        {
            errors.Add(new("Amount", problem));
        }
        if (!attested)
        {
            errors.Add(new("Attested", "Confirm that you completed the activity yourself and claim only the credit you earned."));
        }
        if (credit is not null && status.Claims.Any(c => c.TypeId == credit.TypeId))
        {
            errors.Add(new("CreditTypeId", $"You have already claimed {credit.Type.Name} for this course."));
        }
        if (credit?.Type.MaxPerDay is { } perDay && amount is not null)
        {
            var since = clock.GetUtcNow().AddDays(-1);
            var recent = await db.CreditClaims.Where(c => c.UserId == userId && c.CreditTypeId == credit.TypeId && c.Kind == CreditKind.Course && c.AttestedAt > since).SumAsync(c => c.Amount, ct);
            if (recent + amount > perDay)
            {
                errors.Add(new("Amount", $"{credit.Type.Name} allows at most {perDay:0.##} {credit.Type.Unit} online in 24 hours; you have claimed {recent:0.##}."));
            }
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var enrollment = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => new { e.Id, e.CourseVersionId }).SingleAsync(ct);
        var claim = new CreditClaim
        {
            Id = Guid.NewGuid(),
            EnrollmentId = enrollment.Id,
            UserId = userId,
            CourseVersionId = enrollment.CourseVersionId,
            CreditTypeId = credit!.TypeId,
            Amount = amount!.Value,
            AttestedAt = clock.GetUtcNow(),
        };
        db.CreditClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return (null, [new FieldError("CreditTypeId", "This credit was just claimed (a second click?). See your certificates.")]);
        }
        EnqueueIssuing(claim.Id);
        return (claim.Id, []);
    }

    /// <summary>
    /// Records the practice-improvement claim for an enrollment once (a unique partial index decides), in the caller's
    /// transaction: the practice-change area calls this when the final follow-up is first answered.
    /// </summary>
    /// <returns>The new claim's id, or null when the enrollment already has one.</returns>
    public async Task<Guid?> RecordPracticeImprovementClaimAsync(Guid enrollmentId, Guid userId, Guid courseVersionId, string creditTypeId,
        decimal amount, DateTimeOffset attestedAt, CancellationToken ct)
    {
        // The same gate as course credit (ADR-027): a version with placeholder people records no claim, whoever asks.
        if (!options.Value.OfferCreditWithPlaceholderPeople)
        {
            var faculty = await db.CourseVersions.AsNoTracking().Where(v => v.Id == courseVersionId).Select(v => v.Faculty).SingleAsync(ct);
            if (Courses.Content.ContentPeople.ProviderMustFillIn(faculty).Count > 0)
            {
                return null;
            }
        }
        var id = Guid.NewGuid();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO credit_claims ("Id", "EnrollmentId", "UserId", "CourseVersionId", "CreditTypeId", "Kind", "Amount", "AttestedAt")
            VALUES ({id}, {enrollmentId}, {userId}, {courseVersionId}, {creditTypeId}, {CreditKind.PracticeImprovement.ToString()}, {amount}, {attestedAt})
            ON CONFLICT DO NOTHING
            """, ct);
        return inserted == 1 ? id : null;
    }

    /// <summary>Enqueues issuing for a committed claim; if that fails, the claim sweep issues it later.</summary>
    public void EnqueueIssuing(Guid claimId)
    {
        try
        {
            jobs.Enqueue<IssueCertificateJob>(j => j.RunAsync(claimId, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sweep finds claims without an award; the learner's claim is safe. Said in the log, so that an operator
            // sees why certificates come a sweep later.
            logger.LogWarning(ex, "Could not enqueue issuing for claim {ClaimId}; the claim sweep will issue it", claimId);
        }
    }
}
