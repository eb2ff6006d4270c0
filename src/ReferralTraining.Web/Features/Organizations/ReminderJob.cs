using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// Recurring job: reminders before the due date, on the day and when overdue, and a weekly digest to
/// directors. Organizations are read in keyset batches; each (subject, person, kind, due date) is sent
/// at most once because its reminder_log row is inserted with ON CONFLICT DO NOTHING and only the rows
/// actually inserted are mailed. Nothing is sent during the recipient's local quiet hours; the next run
/// picks it up.
/// </summary>
public sealed class ReminderJob(AppDbContext db, ComplianceService compliance, EmailService email, NotificationService notifications, TimeProvider clock,
    IOptions<AssignmentsOptions> options, IOptions<Certificates.Credentials.CredentialsOptions> site, ILogger<ReminderJob> logger)
{
    public const string RecurringId = "assignment-reminders";

    private sealed record Pending(ReminderKind Kind, Guid SubjectId, Guid UserId, DateOnly Period, string Subject, string Body, string Link);

    public static bool IsQuietHour(int localHour, AssignmentsOptions o) =>
        Accounts.TimeZones.IsQuietHour(localHour, o.QuietHoursStart, o.QuietHoursEnd);

    private DateTimeOffset Local(string timeZoneId) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Accounts.TimeZones.Find(timeZoneId));

    /// <summary>Runs one pass; returns the number of messages sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var sent = 0;
        Guid? after = null;
        while (true)
        {
            var batch = await db.Set<Organization>().AsNoTracking()
                .Where(x => after == null || x.Id > after).OrderBy(x => x.Id).Take(o.BatchSize)
                .Select(x => new { x.Id, x.Name }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            var pending = new List<Pending>();
            foreach (var org in batch)
            {
                pending.AddRange(await PendingForAsync(org.Id, org.Name, o, ct));
            }
            sent += await SendOnceAsync(pending, ct);
        }
        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} assignment reminders", sent);
        }
        return sent;
    }

    private async Task<List<Pending>> PendingForAsync(Guid organizationId, string organizationName, AssignmentsOptions o, CancellationToken ct)
    {
        var result = new List<Pending>();
        var cells = await compliance.CellsAsync(organizationId, null, null, null, ct);
        if (cells.Count == 0)
        {
            return result;
        }
        var titles = await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title })
            .ToDictionaryAsync(x => x.Id, x => x.Title, ct);
        var baseUrl = site.Value.BaseUrl; // the one public origin (Credentials:PublicBaseUrl), as in every other link
        foreach (var (userId, zone, cell) in cells.Where(c => c.Cell.Status != ComplianceStatus.Completed))
        {
            var local = Local(zone);
            if (IsQuietHour(local.Hour, o))
            {
                continue;
            }
            var today = DateOnly.FromDateTime(local.DateTime);
            var title = titles.GetValueOrDefault(cell.CourseId, cell.CourseId);
            var (kind, subject, body) = today > cell.DueDate
                ? (ReminderKind.Overdue, $"Overdue: {title}", $"{organizationName} asked you to complete \"{title}\" by {cell.DueDate:MMMM d, yyyy}. It is now overdue.")
                : today == cell.DueDate
                    ? (ReminderKind.DueToday, $"Due today: {title}", $"{organizationName} asked you to complete \"{title}\" by today, {cell.DueDate:MMMM d, yyyy}.")
                    : today >= cell.DueDate.AddDays(-o.ReminderDaysBefore)
                        ? (ReminderKind.BeforeDue, $"Due {cell.DueDate:MMMM d}: {title}", $"{organizationName} asked you to complete \"{title}\" by {cell.DueDate:MMMM d, yyyy}.")
                        : ((ReminderKind)0, "", "");
            if (kind == 0)
            {
                continue;
            }
            result.Add(new Pending(kind, cell.AssignmentId, userId, cell.DueDate, subject, body, $"{baseUrl}/courses/{cell.CourseId}"));
        }

        // Weekly digest of what is overdue, to each director on their digest day.
        var overdue = cells.Where(c => c.Cell.Status == ComplianceStatus.Overdue).ToList();
        if (overdue.Count == 0)
        {
            return result;
        }
        var people = await db.Set<OrganizationMember>().AsNoTracking().Where(m => m.OrganizationId == organizationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.GivenName, u.FamilyName, u.TimeZoneId, m.Role })
            .ToListAsync(ct);
        var names = people.ToDictionary(p => p.Id, p => $"{p.FamilyName}, {p.GivenName}");
        foreach (var director in people.Where(p => p.Role == OrganizationRole.Director))
        {
            var local = Local(director.TimeZoneId);
            if (local.DayOfWeek != o.DigestDay || IsQuietHour(local.Hour, o))
            {
                continue;
            }
            var lines = new StringBuilder();
            lines.Append($"{overdue.Count} assigned course{(overdue.Count == 1 ? " is" : "s are")} overdue at {organizationName}: ");
            lines.AppendJoin("; ", overdue.OrderBy(c => names.GetValueOrDefault(c.UserId), StringComparer.Ordinal)
                .Select(c => $"{names.GetValueOrDefault(c.UserId)}: {titles.GetValueOrDefault(c.Cell.CourseId, c.Cell.CourseId)} (due {Accounts.TimeZones.LongDate(c.Cell.DueDate)})"));
            lines.Append('.');
            result.Add(new Pending(ReminderKind.DirectorDigest, organizationId, director.Id, DateOnly.FromDateTime(local.DateTime),
                $"Weekly overdue training: {organizationName}", lines.ToString(), $"{baseUrl}/organizations/{organizationId}/compliance?status=Overdue"));
        }
        return result;
    }

    /// <summary>
    /// Claims every pending row in one statement and, in the same transaction, records the notifications and the
    /// e-mails for exactly the rows this run inserted: a crash leaves either all of it or none (then the next run
    /// sends it). The e-mails are enqueued after commit; the e-mail sweep covers a crash in between.
    /// </summary>
    private async Task<int> SendOnceAsync(List<Pending> pending, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var emailIds = new List<Guid>();
        var sent = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            emailIds.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var inserted = new HashSet<(string, Guid, Guid, DateOnly)>();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var command = new NpgsqlCommand("""
                INSERT INTO reminder_log ("Kind", "SubjectId", "UserId", "Period", "SentAt")
                SELECT k, s, u, p, @now FROM unnest(@kinds, @subjects, @users, @periods) AS t(k, s, u, p)
                ON CONFLICT ("SubjectId", "UserId", "Kind", "Period") DO NOTHING
                RETURNING "Kind", "SubjectId", "UserId", "Period"
                """, connection, (NpgsqlTransaction)tx.GetDbTransaction()))
            {
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("kinds", pending.Select(p => p.Kind.ToString()).ToArray());
                command.Parameters.AddWithValue("subjects", pending.Select(p => p.SubjectId).ToArray());
                command.Parameters.AddWithValue("users", pending.Select(p => p.UserId).ToArray());
                command.Parameters.AddWithValue("periods", pending.Select(p => p.Period).ToArray());
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    inserted.Add((reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateOnly>(3)));
                }
            }
            var toSend = pending.Where(p => inserted.Contains((p.Kind.ToString(), p.SubjectId, p.UserId, p.Period))).ToList();
            var userIds = toSend.Select(p => p.UserId).Distinct().ToList();
            var recipients = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.GivenName, u.FamilyName }).ToDictionaryAsync(u => u.Id, ct);
            await notifications.SaveAsync(toSend.Select(p => new NewNotification(p.UserId, p.Subject, p.Body, p.Link)).ToList(), now, ct);
            foreach (var p in toSend)
            {
                var to = recipients[p.UserId];
                emailIds.Add(email.Add(new EmailMessage(to.Email!, $"{to.GivenName} {to.FamilyName}", p.Subject, p.Body,
                    p.Kind == ReminderKind.DirectorDigest ? "Open the compliance dashboard" : "Open the course", p.Link,
                    p.Kind == ReminderKind.DirectorDigest
                        ? "You received this weekly digest because you direct this organization."
                        : "You received this because your organization assigned you this course. It is also listed in your notifications."), Guid.NewGuid()));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            sent = toSend.Count;
        });
        await email.EnqueueManyAsync(emailIds, CancellationToken.None);
        return sent;
    }
}
