using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates.Credentials;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// Recurring job: sends the follow-up nudges that are due, and the one reminder 7 days later.
/// <para>
/// People with something due are read set-wise in keyset batches (not one delayed job per row), so memory is
/// flat in the number due. Per batch, one transaction: a row in <c>nudge_days</c> per person and local date
/// (primary key: at most one nudge e-mail per person per day; concurrent runs serialize on it), conditional
/// updates of <c>NudgedAt</c>/<c>ReminderSentAt</c> (each nudge at most once per follow-up, hence per
/// commitment and offset), the link tokens, the in-app notifications and the e-mails in the outbox. Mail is
/// enqueued after commit; a crash between the two is repaired by the e-mail sweep.
/// </para>
/// </summary>
public sealed class FollowUpJob(
    AppDbContext db, PracticeChangeService practice, EmailService email, NotificationService notifications, TimeProvider clock, IDataProtectionProvider dataProtection,
    IOptions<PracticeChangeOptions> options, IOptions<CredentialsOptions> site, ILogger<FollowUpJob> logger)
{
    public const string RecurringId = "practice-follow-ups";

    /// <summary>What one batch works from: read before its transaction, so the transaction only claims and writes.</summary>
    private sealed record Batch(List<Due> Due, Dictionary<Guid, Person> People, HashSet<Guid> OptedOut, Dictionary<Guid, DateOnly> Awake,
        ILookup<Guid, FollowUpMessages.CommitmentLine> Commitments, Dictionary<Guid, FollowUpMessages.CourseText> Versions);

    private sealed record Person(Guid Id, string? Email, string GivenName, string FamilyName, string TimeZoneId);

    private sealed record Due(Guid Id, Guid UserId, Guid EnrollmentId, string CourseId, Guid CourseVersionId, int OffsetDays, int Sequence, bool IsFinal, bool Reminder, DateTimeOffset EditableUntil);

    public sealed record RunResult(int Emails, int Nudges, int Reminders, int Batches);

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var remindBefore = now.AddDays(-o.ReminderAfterDays);
        int emails = 0, nudges = 0, reminders = 0, batches = 0;
        var after = Guid.Empty;
        var emailIds = new List<Guid>();
        while (true)
        {
            // Keyset over people with anything due; one batch = up to BatchSize people.
            var users = await DueRows(now, remindBefore).Where(f => f.UserId.CompareTo(after) > 0)
                .Select(f => f.UserId).Distinct().OrderBy(u => u).Take(o.BatchSize).ToListAsync(ct);
            if (users.Count == 0)
            {
                break;
            }
            after = users[^1];
            batches++;
            var (e, n, r, ids) = await RunBatchAsync(users, now, remindBefore, ct);
            emails += e;
            nudges += n;
            reminders += r;
            emailIds.AddRange(ids);
            db.ChangeTracker.Clear();
        }
        // Committed batch by batch: their e-mails are handed over even if the job is being cancelled now.
        await email.EnqueueManyAsync(emailIds, CancellationToken.None);
        if (emails > 0 || nudges > 0)
        {
            logger.LogInformation("Practice follow-ups: {Emails} e-mails, {Nudges} nudges, {Reminders} reminders in {Batches} batches", emails, nudges, reminders, batches);
        }
        return new RunResult(emails, nudges, reminders, batches);
    }

    private IQueryable<FollowUp> DueRows(DateTimeOffset now, DateTimeOffset remindBefore) =>
        db.Set<FollowUp>().AsNoTracking().Where(f =>
            (f.NudgedAt == null && f.DueAt <= now && f.EditableUntil > now)
            || (f.NudgedAt != null && f.NudgedAt <= remindBefore && f.RespondedAt == null && f.ReminderSentAt == null && f.EditableUntil > now));

    private async Task<(int Emails, int Nudges, int Reminders, List<Guid> EmailIds)> RunBatchAsync(List<Guid> users, DateTimeOffset now, DateTimeOffset remindBefore, CancellationToken ct)
    {
        var batch = await LoadBatchAsync(users, now, remindBefore, ct);
        return batch.Awake.Count == 0 ? (0, 0, 0, []) : await WriteBatchAsync(batch, now, ct);
    }

    private async Task<Batch> LoadBatchAsync(List<Guid> users, DateTimeOffset now, DateTimeOffset remindBefore, CancellationToken ct)
    {
        var o = options.Value;
        var due = await DueRows(now, remindBefore).Where(f => users.Contains(f.UserId))
            .Select(f => new Due(f.Id, f.UserId, f.EnrollmentId, f.CourseId, f.CourseVersionId, f.OffsetDays, f.Sequence, f.IsFinal, f.NudgedAt != null, f.EditableUntil))
            .ToListAsync(ct);
        var people = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id))
            .Select(u => new Person(u.Id, u.Email, u.GivenName, u.FamilyName, u.TimeZoneId)).ToDictionaryAsync(u => u.Id, ct);
        var optedOut = (await db.Set<NudgePreference>().AsNoTracking().Where(p => users.Contains(p.UserId) && !p.EmailNudges).Select(p => p.UserId).ToListAsync(ct)).ToHashSet();

        // Quiet hours: skipped people are simply not claimed; a later run picks them up.
        var awake = new Dictionary<Guid, DateOnly>();
        foreach (var person in people.Values)
        {
            var local = TimeZoneInfo.ConvertTime(now, Accounts.TimeZones.Find(person.TimeZoneId));
            if (!Accounts.TimeZones.IsQuietHour(local.Hour, o.QuietHoursStart, o.QuietHoursEnd))
            {
                awake[person.Id] = DateOnly.FromDateTime(local.DateTime);
            }
        }
        var enrollmentIds = due.Select(d => d.EnrollmentId).Distinct().ToList();
        var commitments = (await db.Set<Commitment>().AsNoTracking().Where(c => enrollmentIds.Contains(c.EnrollmentId))
            .Select(c => new { c.EnrollmentId, c.Number, c.PracticeId, c.Text, c.Behavior, c.AvoidBehavior }).ToListAsync(ct))
            .ToLookup(c => c.EnrollmentId, c => new FollowUpMessages.CommitmentLine(c.Number, c.PracticeId, c.Text, c.Behavior, c.AvoidBehavior));
        var versionIds = due.Select(d => d.CourseVersionId).Distinct().ToList();
        var versions = await db.CourseVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Title, v.Practices }).ToDictionaryAsync(v => v.Id, v => new FollowUpMessages.CourseText(v.Title, v.Practices), ct);
        return new Batch(due, people, optedOut, awake, commitments, versions);
    }

    /// <summary>One transaction: claim the day and each nudge, then write tokens, notifications and e-mails for what was claimed.</summary>
    private async Task<(int Emails, int Nudges, int Reminders, List<Guid> EmailIds)> WriteBatchAsync(Batch batch, DateTimeOffset now, CancellationToken ct)
    {
        var (due, people, optedOut, awake, commitments, versions) = (batch.Due, batch.People, batch.OptedOut, batch.Awake, batch.Commitments, batch.Versions);
        var baseUrl = site.Value.BaseUrl;

        var result = (Emails: 0, Nudges: 0, Reminders: 0, EmailIds: new List<Guid>());
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            result = (0, 0, 0, []);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var emailFor = awake.Keys.Where(u => !optedOut.Contains(u)).ToDictionary(u => u, _ => Guid.NewGuid());

            // 1. One nudge e-mail per person per local day: the rows this run inserts are the people it mails.
            var dueCount = due.GroupBy(d => d.UserId).ToDictionary(g => g.Key, g => g.Count());
            var mailed = await ClaimDaysAsync(emailFor.Select(kv => (kv.Key, awake[kv.Key], kv.Value, dueCount.GetValueOrDefault(kv.Key))).ToList(), ct);
            // People who turned nudges off get in-app notifications only, so the daily cap does not apply.
            var proceed = mailed.Concat(optedOut.Where(awake.ContainsKey)).ToHashSet();

            // 2. Claim each nudge and reminder; only rows this run updates are sent (overlapping runs cannot double).
            var nudgeIds = due.Where(d => proceed.Contains(d.UserId) && !d.Reminder).Select(d => d.Id).ToArray();
            var reminderIds = due.Where(d => proceed.Contains(d.UserId) && d.Reminder).Select(d => d.Id).ToArray();
            var claimed = new HashSet<Guid>();
            claimed.UnionWith(await ClaimAsync("""UPDATE follow_ups SET "NudgedAt" = @now WHERE "Id" = ANY(@ids) AND "NudgedAt" IS NULL RETURNING "Id" """, nudgeIds, now, ct));
            claimed.UnionWith(await ClaimAsync("""UPDATE follow_ups SET "ReminderSentAt" = @now WHERE "Id" = ANY(@ids) AND "ReminderSentAt" IS NULL AND "RespondedAt" IS NULL RETURNING "Id" """, reminderIds, now, ct));

            var notes = new List<NewNotification>();
            foreach (var userDue in due.Where(d => claimed.Contains(d.Id)).GroupBy(d => d.UserId))
            {
                var person = people[userDue.Key];
                var items = new List<FollowUpMessages.Item>();
                foreach (var d in userDue.OrderBy(d => d.CourseId, StringComparer.Ordinal))
                {
                    var version = versions[d.CourseVersionId];
                    var (tokenRow, token) = practice.NewLinkToken(d.Id, now);
                    db.Add(tokenRow);
                    var item = FollowUpMessages.ForFollowUp(version, commitments[d.EnrollmentId], d.OffsetDays, d.Sequence, d.IsFinal, d.Reminder,
                        $"{baseUrl}/follow-up/{token}");
                    items.Add(item);
                    notes.Add(new NewNotification(d.UserId, FollowUpMessages.NotificationSubject(version.Title, d.OffsetDays, d.Reminder), item.Text, $"/follow-ups/{d.Id}"));
                    if (d.Reminder)
                    {
                        result.Reminders++;
                    }
                    else
                    {
                        result.Nudges++;
                    }
                }
                if (emailFor.TryGetValue(userDue.Key, out var emailId) && mailed.Contains(userDue.Key))
                {
                    var (subject, body, button) = FollowUpMessages.Email(items);
                    email.Add(new EmailMessage(person.Email!, $"{person.GivenName} {person.FamilyName}", subject, body, button, items[0].Url,
                        "You received this because you committed to a practice change when you finished a course on ReferralTraining.")
                    {
                        Links = items.Count == 1 ? [] : items.Skip(1).Select(i => (Text: $"Answer: {i.Title}", Url: i.Url)).ToList(),
                        UnsubscribeUrl = $"{baseUrl}/unsubscribe/nudges/{UnsubscribeToken(dataProtection, userDue.Key)}",
                    }, emailId);
                    result.Emails++;
                    result.EmailIds.Add(emailId);
                }
            }
            await notifications.SaveAsync(notes, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return result;
    }

    public const string UnsubscribePurpose = "PracticeChange.Unsubscribe.v1";

    /// <summary>A stable, unguessable one-click unsubscribe token for a person (RFC 8058 links must keep working).</summary>
    public static string UnsubscribeToken(IDataProtectionProvider provider, Guid userId) =>
        provider.CreateProtector(UnsubscribePurpose).Protect(userId.ToString("N"));

    private async Task<HashSet<Guid>> ClaimDaysAsync(List<(Guid User, DateOnly Day, Guid EmailId, int Items)> rows, CancellationToken ct)
    {
        var result = new HashSet<Guid>();
        if (rows.Count == 0)
        {
            return result;
        }
        await using var command = Command("""
            INSERT INTO nudge_days ("UserId", "LocalDate", "EmailId", "Items")
            SELECT u, d, e, n FROM unnest(@users, @days, @emails, @items) AS t(u, d, e, n)
            ON CONFLICT DO NOTHING RETURNING "UserId"
            """);
        command.Parameters.AddWithValue("users", rows.Select(r => r.User).ToArray());
        command.Parameters.AddWithValue("days", rows.Select(r => r.Day).ToArray());
        command.Parameters.AddWithValue("emails", rows.Select(r => r.EmailId).ToArray());
        command.Parameters.AddWithValue("items", rows.Select(r => r.Items).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetGuid(0));
        }
        return result;
    }

    private async Task<List<Guid>> ClaimAsync(string sql, Guid[] ids, DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<Guid>();
        if (ids.Length == 0)
        {
            return result;
        }
        await using var command = Command(sql);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetGuid(0));
        }
        return result;
    }

    /// <summary>A command on the context's connection and current transaction.</summary>
    private NpgsqlCommand Command(string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        return new NpgsqlCommand(sql, connection, transaction);
    }
}
