using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A commitment as the learner sees it; <see cref="Behavior"/> is the checklist item's wording when it was made from one.</summary>
public sealed record CommitmentView(Guid Id, int Number, string PracticeId, string PracticeText, string Text, int ExpectedPatients, int Confidence,
    string? Behavior = null, bool AvoidBehavior = false);

public sealed record ResponseView(Implementation Status, int PatientsReached, IReadOnlyList<string> Barriers, string? BarrierOther, string? Helped, BehaviorUse? Behavior = null);

public sealed record FollowUpSummary(Guid Id, int OffsetDays, bool IsFinal, DateTimeOffset DueAt, DateTimeOffset EditableUntil, DateTimeOffset? RespondedAt);

/// <summary>
/// The practice-change loop for one learner: commitments at the end of a course, follow-up forms at the
/// course's offsets, and the practice-improvement claim when the final follow-up is answered.
/// </summary>
public sealed class PracticeChangeService(
    AppDbContext db, IOptions<PracticeChangeOptions> options, IOptions<CertificatesOptions> certificates,
    IDataProtectionProvider dataProtection, CreditService credits, TimeProvider clock)
{
    private const string TokenPurpose = "PracticeChange.FollowUpLink.v1";

    /// <summary>The incentive for a learner and course: in the credit type they claimed (or could claim), else participation.</summary>
    public async Task<PracticeIncentive?> IncentiveAsync(Guid userId, Guid enrollmentId, CancellationToken ct) =>
        (await IncentivesAsync(userId, [enrollmentId], ct)).GetValueOrDefault(enrollmentId);

    /// <summary>The incentive of each enrollment, in three queries whatever their number (the dashboard lists them all).</summary>
    private async Task<Dictionary<Guid, PracticeIncentive?>> IncentivesAsync(Guid userId, IReadOnlyCollection<Guid> enrollmentIds, CancellationToken ct)
    {
        var claimed = (await db.CreditClaims.AsNoTracking().Where(c => enrollmentIds.Contains(c.EnrollmentId) && c.Kind == CreditKind.Course)
            .OrderBy(c => c.AttestedAt).Select(c => new { c.EnrollmentId, c.CreditTypeId }).ToListAsync(ct))
            .ToLookup(c => c.EnrollmentId, c => c.CreditTypeId);
        var infos = await db.Enrollments.AsNoTracking().Where(e => enrollmentIds.Contains(e.Id))
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new { e.Id, v.Credits, v.EstimatedMinutes, v.Faculty }).ToListAsync(ct);
        var profession = await db.Users.Where(u => u.Id == userId).Select(u => u.Profession).SingleAsync(ct);
        return infos.ToDictionary(info => info.Id, info =>
        {
            // Placeholder people withhold every credit of the version, practice improvement included (ACCME Standard 3, ADR-027):
            // no incentive is promised and no claim is recorded.
            if (!certificates.Value.OfferCreditWithPlaceholderPeople && ContentPeople.ProviderMustFillIn(info.Faculty).Count > 0)
            {
                return null;
            }
            var eligible = CreditRules.Eligible(info.Credits, profession, certificates.Value, info.EstimatedMinutes).Select(e => e.TypeId);
            return CreditRules.PracticeImprovement(claimed[info.Id].Concat(eligible), certificates.Value) is { } pi
                ? new PracticeIncentive(pi.TypeId, pi.Type.Name, pi.Amount, pi.Type.Unit)
                : null;
        });
    }

    /// <summary>What the evaluation page needs to ask for commitments: the practices, the schedule and the incentive.</summary>
    public async Task<(IReadOnlyList<PracticeDefinition> Practices, IReadOnlyList<int> FollowUpDays, PracticeIncentive? Incentive)> EvaluationContextAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var e = await db.Enrollments.AsNoTracking().Where(x => x.UserId == userId && x.CourseId == courseId)
            .Join(db.CourseVersions, x => x.CourseVersionId, v => v.Id, (x, v) => new { x.Id, v.Practices, v.FollowUpDays }).SingleOrDefaultAsync(ct);
        return e is null ? ([], [], null) : (e.Practices, e.FollowUpDays, e.Practices.Count > 0 ? await IncentiveAsync(userId, e.Id, ct) : null);
    }

    /// <summary>Every course where the learner made commitments, with its follow-ups, for the dashboard.</summary>
    public async Task<IReadOnlyList<CommitmentPlan>> PlansAsync(Guid userId, CancellationToken ct)
    {
        var commitments = await db.Set<Commitment>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt).ThenBy(c => c.Number).ToListAsync(ct);
        if (commitments.Count == 0)
        {
            return [];
        }
        var followUps = await db.Set<FollowUp>().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Sequence).ToListAsync(ct);
        var versionIds = commitments.Select(c => c.CourseVersionId).Distinct().ToList();
        var versions = await db.CourseVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Title, v.Practices }).ToDictionaryAsync(v => v.Id, ct);
        var enrollmentIds = commitments.Select(c => c.EnrollmentId).Distinct().ToList();
        var codes = await PracticeCertificateCodesAsync(enrollmentIds, ct);
        var incentives = await IncentivesAsync(userId, enrollmentIds, ct);
        var plans = new List<CommitmentPlan>();
        foreach (var group in commitments.GroupBy(c => c.EnrollmentId))
        {
            var first = group.First();
            var version = versions[first.CourseVersionId];
            plans.Add(new CommitmentPlan(first.CourseId, version.Title,
                group.Select(c => View(c, version.Practices)).ToList(),
                followUps.Where(f => f.EnrollmentId == group.Key).Select(f => new FollowUpSummary(f.Id, f.OffsetDays, f.IsFinal, f.DueAt, f.EditableUntil, f.RespondedAt)).ToList(),
                incentives.GetValueOrDefault(group.Key), codes.GetValueOrDefault(group.Key)));
        }
        return plans;
    }

    // ---- Follow-up form ----

    public async Task<FollowUpForm?> LoadFormAsync(Guid followUpId, CancellationToken ct)
    {
        var f = await db.Set<FollowUp>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == followUpId, ct);
        if (f is null)
        {
            return null;
        }
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == f.CourseVersionId).Select(v => new { v.Title, v.Practices, v.FollowUpDays }).SingleAsync(ct);
        var commitments = await db.Set<Commitment>().AsNoTracking().Where(c => c.EnrollmentId == f.EnrollmentId).OrderBy(c => c.Number).ToListAsync(ct);
        var responses = await db.Set<CommitmentResponse>().AsNoTracking().Where(r => r.FollowUpId == f.Id).ToDictionaryAsync(r => r.CommitmentId, ct);
        var now = clock.GetUtcNow();
        var items = commitments.Select(c =>
        {
            var response = responses.GetValueOrDefault(c.Id);
            return (View(c, version.Practices),
                response is null ? null : new ResponseView(response.Status, response.PatientsReached, response.Barriers, response.BarrierOther, response.Helped, response.Behavior),
                TipFor(version.Practices, c.PracticeId, f.Sequence));
        }).ToList();
        var code = (await PracticeCertificateCodesAsync([f.EnrollmentId], ct)).GetValueOrDefault(f.EnrollmentId);
        return new FollowUpForm(f.Id, f.UserId, f.CourseId, version.Title, f.OffsetDays, f.Sequence, Math.Max(version.FollowUpDays.Count, f.Sequence + 1), f.IsFinal,
            f.DueAt, f.EditableUntil, f.RespondedAt, now >= f.DueAt && now < f.EditableUntil, items,
            f.IsFinal ? await IncentiveAsync(f.UserId, f.EnrollmentId, ct) : null, code) { NotYetOpen = now < f.DueAt };
    }

    /// <summary>
    /// Saves every answer of one follow-up at once (all or nothing). When the final follow-up is answered for the
    /// first time, the practice-improvement claim is recorded in the same transaction and issuing is enqueued.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> SaveAsync(Guid followUpId, IReadOnlyList<ResponseInput> inputs, Guid? consumeToken, CancellationToken ct)
    {
        var form = await LoadFormAsync(followUpId, ct);
        if (form is null)
        {
            return [new("", "There is no such follow-up.")];
        }
        var now = clock.GetUtcNow();
        if (now < form.DueAt)
        {
            return [new("", $"This follow-up opens on {form.DueAt:MMMM d, yyyy}.")];
        }
        if (now >= form.EditableUntil)
        {
            return [new("", "This follow-up has closed, so its answers can no longer be changed.")];
        }
        var errors = ValidateResponses(form, inputs);
        if (errors.Count > 0)
        {
            return errors;
        }

        Guid? claimId = null;
        var tokenUsed = false;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (consumeToken is { } tokenId)
            {
                // Single use: only the first submit through a link can mark it used.
                tokenUsed = await db.Set<FollowUpToken>().Where(t => t.Id == tokenId && t.FollowUpId == followUpId && t.UsedAt == null && t.ExpiresAt > now)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct) == 1;
                if (!tokenUsed)
                {
                    await tx.RollbackAsync(ct);
                    return;
                }
            }
            // Serialize saves of one follow-up (a double submit): the second sees the first's rows and updates them.
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM follow_ups WHERE "Id" = {followUpId} FOR UPDATE""", ct);
            var existing = await db.Set<CommitmentResponse>().Where(r => r.FollowUpId == followUpId).ToDictionaryAsync(r => r.CommitmentId, ct);
            foreach (var input in inputs)
            {
                if (!existing.TryGetValue(input.CommitmentId, out var response))
                {
                    response = new CommitmentResponse { CommitmentId = input.CommitmentId, FollowUpId = followUpId, AnsweredAt = now };
                    db.Add(response);
                }
                response.Status = input.Status!.Value;
                response.PatientsReached = input.PatientsReached!.Value;
                response.Barriers = (input.Barriers ?? []).Distinct().ToList();
                response.BarrierOther = Clean(input.BarrierOther);
                response.Helped = Clean(input.Helped);
                // Only a commitment made from a checklist item is asked about its behavior.
                response.Behavior = form.Items.Single(i => i.Commitment.Id == input.CommitmentId).Commitment.Behavior is null ? null : input.Behavior;
                response.UpdatedAt = now;
            }
            await db.Set<FollowUp>().Where(f => f.Id == followUpId && f.RespondedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.RespondedAt, now), ct);
            await db.SaveChangesAsync(ct);
            if (form.IsFinal)
            {
                claimId = await AddPracticeClaimAsync(followUpId, now, ct);
            }
            await tx.CommitAsync(ct);
        });
        if (consumeToken is not null && !tokenUsed)
        {
            return [new("", "This link has already been used or has expired. Sign in to see or change your answers.")];
        }
        if (claimId is { } id)
        {
            credits.EnqueueIssuing(id);
        }
        return [];
    }

    private static List<FieldError> ValidateResponses(FollowUpForm form, IReadOnlyList<ResponseInput> inputs)
    {
        var errors = new List<FieldError>();
        var known = PracticeChangeCatalog.Barriers.Select(b => b.Id).ToHashSet();
        for (var i = 0; i < form.Items.Count; i++)
        {
            var commitment = form.Items[i].Commitment;
            var input = inputs.FirstOrDefault(x => x.CommitmentId == commitment.Id);
            var prefix = $"Responses[{i}].";
            if (input?.Status is null || !Enum.IsDefined(input.Status.Value))
            {
                errors.Add(new(prefix + "Status", $"Say whether you made change {commitment.Number}: fully, partly or not yet."));
                continue;
            }
            if (commitment.Behavior is not null && (input.Behavior is null || !Enum.IsDefined(input.Behavior.Value)))
            {
                errors.Add(new(prefix + "Behavior", $"Say whether you did what commitment {commitment.Number} is about: with most patients, with some or not yet."));
            }
            if (input.PatientsReached is null or < 0 or > 10_000)
            {
                errors.Add(new(prefix + "PatientsReached", "Enter how many patients it reached (0 if none; at most 10,000)."));
            }
            if (input.Barriers?.Any(b => !known.Contains(b)) == true)
            {
                errors.Add(new(prefix + "Barriers", "Choose barriers from the list (use \"Something else\" and describe it)."));
            }
            if (input.Barriers?.Contains("other") == true && string.IsNullOrWhiteSpace(input.BarrierOther))
            {
                errors.Add(new(prefix + "BarrierOther", "Describe the other barrier, or untick \"Something else\"."));
            }
            if (input.BarrierOther?.Length > 500)
            {
                errors.Add(new(prefix + "BarrierOther", "Keep this under 500 characters."));
            }
            if (input.Helped?.Length > 1000)
            {
                errors.Add(new(prefix + "Helped", "Keep this under 1,000 characters."));
            }
        }
        if (inputs.Any(x => form.Items.All(item => item.Commitment.Id != x.CommitmentId)))
        {
            errors.Add(new("", "The form does not match your commitments; reload the page and try again."));
        }
        return errors;
    }

    /// <summary>Records the practice-improvement claim through the credit service (once per enrollment).</summary>
    private async Task<Guid?> AddPracticeClaimAsync(Guid followUpId, DateTimeOffset now, CancellationToken ct)
    {
        var f = await db.Set<FollowUp>().AsNoTracking().SingleAsync(x => x.Id == followUpId, ct);
        var incentive = await IncentiveAsync(f.UserId, f.EnrollmentId, ct);
        if (incentive is null)
        {
            return null;
        }
        return await credits.RecordPracticeImprovementClaimAsync(f.EnrollmentId, f.UserId, f.CourseVersionId, incentive.CreditTypeId, incentive.Amount, now, ct);
    }

    // ---- Links ----

    /// <summary>A new single-use link for a follow-up: the row to save (by the caller, with the message that carries it) and its URL-safe token.</summary>
    public (FollowUpToken Row, string Token) NewLinkToken(Guid followUpId, DateTimeOffset now)
    {
        var row = new FollowUpToken { Id = Guid.NewGuid(), FollowUpId = followUpId, CreatedAt = now, ExpiresAt = now.AddDays(options.Value.TokenLifetimeDays) };
        return (row, Protector.Protect(row.Id.ToString("N"), row.ExpiresAt));
    }

    /// <summary>Reads a link: tampered or foreign tokens are invalid; the row says whether it expired or was used.</summary>
    public async Task<(TokenProblem Problem, Guid TokenId, Guid FollowUpId)> ReadTokenAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return (TokenProblem.Invalid, default, default);
        }
        string payload;
        try
        {
            payload = Protector.Unprotect(token, out var expiration);
            if (expiration <= clock.GetUtcNow())
            {
                return (TokenProblem.Expired, default, default);
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Data protection also rejects expired payloads this way; the row check below tells them apart when it can.
            return (TokenProblem.Invalid, default, default);
        }
        if (!Guid.TryParseExact(payload, "N", out var tokenId))
        {
            return (TokenProblem.Invalid, default, default);
        }
        var row = await db.Set<FollowUpToken>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == tokenId, ct);
        return row is null ? (TokenProblem.Invalid, default, default)
            : row.UsedAt is not null ? (TokenProblem.Used, row.Id, row.FollowUpId)
            : row.ExpiresAt <= clock.GetUtcNow() ? (TokenProblem.Expired, row.Id, row.FollowUpId)
            : (TokenProblem.None, row.Id, row.FollowUpId);
    }

    // The data-protection clock is the system clock; expiry is enforced against our clock via the row, and the
    // protector's own expiry (set from our clock) is a second check for the real world.
    private ITimeLimitedDataProtector Protector => dataProtection.CreateProtector(TokenPurpose).ToTimeLimitedDataProtector();

    // ---- helpers ----

    public static PracticeTip? TipFor(IReadOnlyList<PracticeDefinition> practices, string practiceId, int sequence) =>
        practices.FirstOrDefault(p => p.Id == practiceId) is { Tips.Count: > 0 } practice ? practice.Tips[sequence % practice.Tips.Count] : null;

    private static CommitmentView View(Commitment c, IReadOnlyList<PracticeDefinition> practices) =>
        new(c.Id, c.Number, c.PracticeId, practices.FirstOrDefault(p => p.Id == c.PracticeId)?.Text ?? c.PracticeId, c.Text, c.ExpectedPatients, c.Confidence,
            c.Behavior, c.AvoidBehavior);

    private async Task<Dictionary<Guid, string>> PracticeCertificateCodesAsync(List<Guid> enrollmentIds, CancellationToken ct) =>
        await db.CreditAwards.AsNoTracking().Where(a => enrollmentIds.Contains(a.EnrollmentId) && a.Kind == CreditKind.PracticeImprovement)
            .Join(db.Certificates, a => a.Id, c => c.AwardId, (a, c) => new { a.EnrollmentId, c.VerificationCode })
            .ToDictionaryAsync(x => x.EnrollmentId, x => x.VerificationCode, ct);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
