using ReferralTraining.Tests.Shared;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace ReferralTraining.IntegrationTests.Processes;

/// <summary>
/// A private PostgreSQL cluster for the tests that run the app as separate OS processes. The collection does not
/// run in parallel with the others: these tests kill processes and restart PostgreSQL, and on a small machine the
/// timing of "kill it in the middle" must not depend on what other test classes happen to be doing.
/// </summary>
public sealed class ProcessFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];

    public PrivateCluster Cluster { get; private set; } = default!;

    public async Task InitializeAsync() => Cluster = await PrivateCluster.StartAsync();

    /// <summary>Disposed (processes killed, sinks closed) when the collection ends, in reverse order.</summary>
    public T Own<T>(T disposable) where T : IAsyncDisposable
    {
        lock (owned)
        {
            owned.Add(disposable);
        }
        return disposable;
    }

    public async Task DisposeAsync()
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }
        await Cluster.DisposeAsync();
    }

    private Task<(AppProcess A, AppProcess B, Tests.Shared.SmtpSink Smtp, string Db)>? scaleOut;

    /// <summary>Two app processes with their own Hangfire servers on one database (shared by the scale-out tests).</summary>
    public Task<(AppProcess A, AppProcess B, Tests.Shared.SmtpSink Smtp, string Db)> ScaleOutAsync()
    {
        lock (owned)
        {
            return scaleOut ??= StartScaleOutAsync();
        }
    }

    public const int VerificationPerMinute = 8;

    private async Task<(AppProcess, AppProcess, Tests.Shared.SmtpSink, string)> StartScaleOutAsync()
    {
        var smtp = Own(new Tests.Shared.SmtpSink(TimeSpan.FromMilliseconds(10)));
        var db = await Cluster.CreateDatabaseAsync("rt_scale_out");
        var settings = new Dictionary<string, string>
        {
            ["Verification__PublicPerMinute"] = VerificationPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // 127.0.0.1 plays the reverse proxy: only it may name the client with X-Forwarded-For.
            ["ReverseProxy__KnownNetworks__0"] = "127.0.0.1/32",
        };
        // One after the other, as a rolling deployment would: the first migrates the empty database.
        var a = Own(await AppProcess.StartAsync(db, smtp.Port, settings));
        var b = Own(await AppProcess.StartAsync(db, smtp.Port, settings));
        return (a, b, smtp, db);
    }
}

internal sealed class SilentLog : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
{
    public static readonly SilentLog Instance = new();

    public Hangfire.Logging.ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection : ICollectionFixture<ProcessFixture>
{
    public const string Name = "app processes";
}

/// <summary>SQL and Hangfire from the test process, on the app's database (no app code runs here).</summary>
public static class Sql
{
    public static async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<T>> ListAsync<T>(string db, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>The app's Hangfire storage, opened from the test process to enqueue or trigger jobs.</summary>
    public static JobStorage Jobs(string db)
    {
        // Hangfire's log provider is process-wide: an in-process test host (AppFactory) sets it to a logger factory that
        // may be disposed before this runs (ADR-014). The client here logs nowhere.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(SilentLog.Instance);
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(db, options), options);
    }

    /// <summary>
    /// N learners who finished the sample course and claimed NAADAC credit (set-wise, as bench/certificates does).
    /// Returns the claim ids.
    /// </summary>
    public static async Task<Guid[]> SeedClaimsAsync(string db, string prefix, int count)
    {
        await ExecuteAsync(db, $"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
                "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt", "SecurityStamp")
            SELECT gen_random_uuid(), '{prefix}' || n || '@test.example', upper('{prefix}' || n || '@test.example'), '{prefix}' || n || '@test.example', upper('{prefix}' || n || '@test.example'),
                true, false, false, true, 0, 'Test', 'Learner ' || n, 'Counselor', 'America/Chicago', now(), md5(random()::text)
            FROM generate_series(1, {count}) n;
            INSERT INTO licenses ("Id", "UserId", "IssuingAuthority", "Number")
            SELECT gen_random_uuid(), "Id", 'Test Board', 'T-' || substr(md5("Id"::text), 1, 8) FROM "AspNetUsers" WHERE "Email" LIKE '{prefix}%@test.example';
            INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "LastActivityAt", "ReadingCompletedAt")
            SELECT gen_random_uuid(), u."Id", 'sample-course', c."CurrentVersionId", now() - interval '1 day', now(), now()
            FROM "AspNetUsers" u CROSS JOIN courses c WHERE c."Id" = 'sample-course' AND u."Email" LIKE '{prefix}%@test.example';
            INSERT INTO credit_claims ("Id", "EnrollmentId", "UserId", "CourseVersionId", "CreditTypeId", "Amount", "AttestedAt")
            SELECT gen_random_uuid(), e."Id", e."UserId", e."CourseVersionId", 'naadac', 0.25, now()
            FROM enrollments e JOIN "AspNetUsers" u ON u."Id" = e."UserId" WHERE u."Email" LIKE '{prefix}%@test.example';
            """);
        return (await ListAsync(db, $"""SELECT c."Id" FROM credit_claims c JOIN "AspNetUsers" u ON u."Id" = c."UserId" WHERE u."Email" LIKE '{prefix}%@test.example' ORDER BY u."Email" """, r => r.GetGuid(0))).ToArray();
    }

    /// <summary>N people whose 30-day follow-up (two commitments each) is due now (set-wise, as bench/follow-ups does).</summary>
    public static Task SeedDueFollowUpsAsync(string db, string prefix, int count) => ExecuteAsync(db, $"""
        INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
            "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt", "SecurityStamp")
        SELECT gen_random_uuid(), '{prefix}' || n || '@test.example', upper('{prefix}' || n || '@test.example'), '{prefix}' || n || '@test.example', upper('{prefix}' || n || '@test.example'),
            true, false, false, true, 0, 'Test', 'Learner ' || n, 'Counselor', 'UTC', now(), md5(random()::text)
        FROM generate_series(1, {count}) n;
        INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "ReadingCompletedAt")
        SELECT gen_random_uuid(), u."Id", 'sample-course', c."CurrentVersionId", now() - interval '40 days', now() - interval '31 days'
        FROM "AspNetUsers" u CROSS JOIN courses c WHERE c."Id" = 'sample-course' AND u."Email" LIKE '{prefix}%@test.example';
        INSERT INTO commitments ("Id", "EnrollmentId", "UserId", "CourseId", "CourseVersionId", "Number", "PracticeId", "Text", "ExpectedPatients", "Confidence", "CreatedAt")
        SELECT gen_random_uuid(), e."Id", e."UserId", 'sample-course', e."CourseVersionId", k, CASE k WHEN 1 THEN 'first-practice' ELSE 'second-practice' END,
            'Crash test commitment number ' || k, 3, 4, now() - interval '30 days'
        FROM enrollments e JOIN "AspNetUsers" u ON u."Id" = e."UserId", generate_series(1, 2) k WHERE u."Email" LIKE '{prefix}%@test.example';
        INSERT INTO follow_ups ("Id", "EnrollmentId", "UserId", "CourseId", "CourseVersionId", "OffsetDays", "Sequence", "IsFinal", "CompletedCourseAt", "DueAt", "EditableUntil")
        SELECT gen_random_uuid(), e."Id", e."UserId", 'sample-course', e."CourseVersionId", 30, 0, false, now() - interval '30 days', now() - interval '1 hour', now() + interval '59 days'
        FROM enrollments e JOIN "AspNetUsers" u ON u."Id" = e."UserId" WHERE u."Email" LIKE '{prefix}%@test.example';
        """);

    /// <summary>What Hangfire holds (for failure messages): jobs by state, queue rows, servers and locks.</summary>
    public static async Task<string> HangfireStateAsync(string db)
    {
        var rows = await ListAsync(db, """
            SELECT 'job ' || coalesce(statename, '?') || ' ' || count(*) FROM hangfire.job GROUP BY statename
            UNION ALL SELECT 'unfinished ' || id || ' ' || coalesce(statename, '?') || ' ' || left(invocationdata::text, 160) FROM hangfire.job WHERE statename IS DISTINCT FROM 'Succeeded'
            UNION ALL SELECT 'queue ' || queue || ' job ' || jobid || ' fetched ' || coalesce(fetchedat::text, 'no') || ' now ' || now() FROM hangfire.jobqueue
            UNION ALL SELECT 'server ' || id || ' ' || lastheartbeat FROM hangfire.server
            UNION ALL SELECT 'lock ' || resource || ' ' || acquired FROM hangfire.lock
            """, r => r.GetString(0));
        return string.Join("\n", rows);
    }

    /// <summary>Waits until the condition holds, or fails with the description and the last value.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe) =>
        Eventually.TrueAsync(condition, "the condition", timeout, describe);
}
