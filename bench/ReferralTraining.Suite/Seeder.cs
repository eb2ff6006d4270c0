using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Suite;

/// <summary>The production app, unchanged, on a real Kestrel port with deployment settings for the run only.</summary>
internal sealed class SuiteHost(string connectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Courses:ContentPath", RepoPaths.Content);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        // A web-only instance: job workers polling the database would be measured as noise.
        builder.UseSetting("BackgroundJobs:ServerEnabled", "false");
        // Every client comes from 127.0.0.1: the per-address limits would refuse most of them.
        builder.UseSetting("Accounts:PublicFormsPerMinute", "100000");
        builder.UseSetting("Accounts:TwoFactorPerMinute", "100000");
        builder.UseSetting("Verification:PublicPerMinute", "1000000");
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
        builder.UseSetting("AllowedHosts", "*");
        builder.UseSetting("Email:DevMailboxEnabled", "false");
    }
}

internal sealed record SeedResult(List<string> ClinicianEmails, string DirectorEmail, string DirectorTotpKey, Guid OrganizationId, List<string> CourseIds, List<string> QuizOnlyCourseIds,
    List<string> Codes, int Staff, int AssignmentsPerPerson, long Assignments, long Enrollments, long ModulesRead, long Claims, int Certificates)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{ClinicianEmails.Count:N0} clinicians, all {CourseIds.Count} courses from content/ plus 12 refresher copies for the dashboard ({Enrollments:N0} enrollments, {ModulesRead:N0} modules read), " +
        $"one organization with {Staff:N0} staff in 10 teams × 4 job roles and {Assignments:N0} assignments ({AssignmentsPerPerson} distinct courses assigned to each person: 8 personal, 8 to the team, 4 to the job role), " +
        $"{Claims:N0} credit claims, {Certificates:N0} certificates issued through IssueClaimsBatchJob (signed VC-JWTs)");
}

/// <summary>Set-based SQL for the bulk (not measured), the app's own services where correctness matters (director, certificates).</summary>
internal static class Seeder
{
    public const int AssignmentsPerPerson = 20;
    private const int ExtraCourses = 12;

    public static async Task<SeedResult> SeedAsync(IServiceProvider services, int clinicians)
    {
        var certificates = int.Parse(Environment.GetEnvironmentVariable("RT_SUITE_CERTIFICATES") ?? "400", CultureInfo.InvariantCulture);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Database.SetCommandTimeout(600);
        var courses = await db.Courses.OrderBy(c => c.Id).Select(c => new { c.Id, c.CurrentVersionId }).ToListAsync();
        if (courses.Count < 8)
        {
            throw new InvalidOperationException($"Only {courses.Count} courses were published from content/.");
        }
        var courseIds = courses.Select(c => c.Id).ToArray();

        // One PBKDF2 hash (the app's own hasher and iteration count) shared by every clinician: signing in still costs a full verification each.
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), SuiteProgram.Password);
        var clinicianRole = await db.Roles.Where(r => r.Name == Roles.Clinician).Select(r => r.Id).SingleAsync();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp",
                "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt")
            SELECT gen_random_uuid(), 'suite' || n || '@bench.example', 'SUITE' || n || '@BENCH.EXAMPLE', 'suite' || n || '@bench.example', 'SUITE' || n || '@BENCH.EXAMPLE',
                true, {hash}, upper(md5(n::text || 's')), md5(n::text || 'c'), false, false, true, 0, 'Clinician', 'Suite ' || lpad(n::text, 5, '0'),
                (ARRAY['Counselor','Nurse','SocialWorker','PeerSpecialist','Psychologist'])[n % 5 + 1], 'America/Chicago', now() - interval '90 days'
            FROM generate_series(1, {clinicians}) n
            """);
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") SELECT "Id", {clinicianRole} FROM "AspNetUsers" WHERE "Email" LIKE 'suite%@bench.example'""");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO licenses ("Id", "UserId", "IssuingAuthority", "Number")
            SELECT gen_random_uuid(), "Id", 'Bench Board', 'B-' || substr(md5("Id"::text), 1, 8) FROM "AspNetUsers" WHERE "Email" LIKE 'suite%@bench.example'
            """);
        // Everyone enrolled in every course, reading done (the quiz needs it), modules marked read.
        foreach (var course in courses)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "LastActivityAt", "ReadingCompletedAt")
                SELECT gen_random_uuid(), "Id", {course.Id}, {course.CurrentVersionId}, now() - interval '30 days', now() - interval '1 day', now() - interval '1 day'
                FROM "AspNetUsers" WHERE "Email" LIKE 'suite%@bench.example'
                """);
        }
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO module_progress ("EnrollmentId", "ModuleNumber", "ReadAt")
            SELECT e."Id", m."Number", now() - interval '1 day' FROM enrollments e JOIN course_modules m ON m."CourseVersionId" = e."CourseVersionId"
            """);

        // Issue 6 sizes the dashboard at 20 courses; content/ has 8. Twelve "refresher" copies of them (new ids, same
        // published content and modules) make 20 distinct courses, so each person's row has 20 cells. Everyone is enrolled
        // in the first six ("in progress" on the dashboard; reading done, so their quizzes add attempts for the submit row); half
        // the staff later claim credit for the first three.
        var extraIds = Enumerable.Range(1, ExtraCourses).Select(i => $"suite-refresher-{i:00}").ToArray();
        for (var i = 0; i < ExtraCourses; i++)
        {
            var source = courses[i % courses.Count];
            var versionId = Guid.NewGuid();
            var title = $"Refresher {i + 1}: ";
            // Row copies through jsonb keep every column without listing them.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO course_versions
                SELECT (jsonb_populate_record(NULL::course_versions, to_jsonb(v) || jsonb_build_object('Id', {versionId}, 'CourseId', {extraIds[i]}, 'Title', {title} || v."Title"))).*
                FROM course_versions v WHERE v."Id" = {source.CurrentVersionId}
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO course_modules
                SELECT (jsonb_populate_record(NULL::course_modules, to_jsonb(m) || jsonb_build_object('Id', gen_random_uuid(), 'CourseVersionId', {versionId}))).*
                FROM course_modules m WHERE m."CourseVersionId" = {source.CurrentVersionId}
                """);
            await db.Database.ExecuteSqlAsync($"""INSERT INTO courses ("Id", "CurrentVersionId", "CreatedAt") VALUES ({extraIds[i]}, {versionId}, now() - interval '200 days')""");
            if (i < 6)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "LastActivityAt", "ReadingCompletedAt")
                    SELECT gen_random_uuid(), "Id", {extraIds[i]}, {versionId}, now() - interval '20 days', now() - interval '2 days', now() - interval '2 days'
                    FROM "AspNetUsers" WHERE "Email" LIKE 'suite%@bench.example'
                    """);
            }
        }
        // Issue 22: modules open only after the learner acknowledged the course version's disclosures; everyone enrolled has.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO disclosure_acknowledgments ("UserId", "CourseVersionId", "AcknowledgedAt")
            SELECT DISTINCT "UserId", "CourseVersionId", now() - interval '30 days' FROM enrollments ON CONFLICT DO NOTHING
            """);

        // The director, through the app's services (account, role, authenticator key), as the tests do.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var directorEmail = "director.suite@bench.example";
        var director = new AppUser
        {
            UserName = directorEmail, Email = directorEmail, EmailConfirmed = true, GivenName = "Suite", FamilyName = "Director",
            CreatedAt = DateTimeOffset.UtcNow, Profession = Profession.Counselor,
        };
        Check(await users.CreateAsync(director, SuiteProgram.Password));
        Check(await users.AddToRoleAsync(director, Roles.ProgramDirector));
        Check(await users.ResetAuthenticatorKeyAsync(director));
        Check(await users.SetTwoFactorEnabledAsync(director, true));
        var totpKey = await users.GetAuthenticatorKeyAsync(director) ?? throw new InvalidOperationException("No authenticator key.");

        // One organization: every clinician is staff, 10 teams, 4 job roles, 20 person assignments each (8 courses, some recurring).
        var orgId = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync($"""INSERT INTO organizations ("Id", "Name", "CreatedAt") VALUES ({orgId}, 'Suite Recovery Services', now() - interval '120 days')""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO teams ("Id", "OrganizationId", "Name") SELECT gen_random_uuid(), {orgId}, 'Team ' || t FROM generate_series(1, 10) t""");
        await db.Database.ExecuteSqlAsync($"""INSERT INTO job_roles ("Id", "OrganizationId", "Name") SELECT gen_random_uuid(), {orgId}, r FROM unnest(ARRAY['Counselor','Nurse','Peer specialist','Social worker']) r""");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO organization_members ("OrganizationId", "UserId", "Role", "TeamId", "JobRoleId", "JoinedAt")
            SELECT {orgId}, u."Id", 'Staff',
                (SELECT "Id" FROM teams WHERE "OrganizationId" = {orgId} ORDER BY "Name" OFFSET (u.n % 10) LIMIT 1),
                (SELECT "Id" FROM job_roles WHERE "OrganizationId" = {orgId} ORDER BY "Name" OFFSET (u.n % 4) LIMIT 1),
                now() - interval '100 days'
            FROM (SELECT "Id", row_number() OVER (ORDER BY "Email") AS n FROM "AspNetUsers" WHERE "Email" LIKE 'suite%@bench.example') u
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO organization_members ("OrganizationId", "UserId", "Role", "JoinedAt") VALUES ({orgId}, {director.Id}, 'Director', now() - interval '100 days')
            """);
        // 20 assignments apply to each person (one per course and target, as the unique index allows): the 8 courses to the
        // person, the 8 courses to their team (recurring yearly) and 4 courses to their job role.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO assignments ("Id", "OrganizationId", "CourseId", "Target", "UserId", "DueDate", "RecurrenceMonths", "IncludeLaterMembers", "AllowPriorCompletion", "CreatedAt", "CreatedByUserId")
            SELECT gen_random_uuid(), {orgId}, ({courseIds})[k + 1], 'Person', m."UserId", current_date + (k * 9 - 30), NULL, false, k % 2 = 0, now() - interval '90 days' + k * interval '1 day', {director.Id}
            FROM organization_members m CROSS JOIN generate_series(0, {courseIds.Length - 1}) k
            WHERE m."OrganizationId" = {orgId} AND m."Role" = 'Staff'
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO assignments ("Id", "OrganizationId", "CourseId", "Target", "TeamId", "DueDate", "RecurrenceMonths", "IncludeLaterMembers", "AllowPriorCompletion", "CreatedAt", "CreatedByUserId")
            SELECT gen_random_uuid(), {orgId}, ({extraIds})[k + 1], 'Team', t."Id", current_date + (k * 11 - 40), 12, true, true, now() - interval '80 days', {director.Id}
            FROM teams t CROSS JOIN generate_series(0, 7) k WHERE t."OrganizationId" = {orgId}
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO assignments ("Id", "OrganizationId", "CourseId", "Target", "JobRoleId", "DueDate", "RecurrenceMonths", "IncludeLaterMembers", "AllowPriorCompletion", "CreatedAt", "CreatedByUserId")
            SELECT gen_random_uuid(), {orgId}, ({extraIds})[k + 9], 'JobRole', r."Id", current_date + (k * 13 - 20), NULL, false, false, now() - interval '70 days', {director.Id}
            FROM job_roles r CROSS JOIN generate_series(0, 3) k WHERE r."OrganizationId" = {orgId}
            """);

        // Completions: every other clinician claimed NAADAC credit for the first four courses, at dates spread over three months.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO credit_claims ("Id", "EnrollmentId", "UserId", "CourseVersionId", "CreditTypeId", "Amount", "AttestedAt")
            SELECT gen_random_uuid(), e."Id", e."UserId", e."CourseVersionId", 'naadac', 0.25, now() - (abs(hashtext(e."Id"::text)) % 90) * interval '1 day'
            FROM enrollments e JOIN "AspNetUsers" u ON u."Id" = e."UserId"
            WHERE u."Email" LIKE 'suite%@bench.example' AND abs(hashtext(u."Id"::text)) % 2 = 0 AND e."CourseId" = ANY (({courseIds})[1:4])
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO credit_claims ("Id", "EnrollmentId", "UserId", "CourseVersionId", "CreditTypeId", "Amount", "AttestedAt")
            SELECT gen_random_uuid(), e."Id", e."UserId", e."CourseVersionId", 'naadac', 0.25, now() - (abs(hashtext(e."Id"::text)) % 60) * interval '1 day'
            FROM enrollments e JOIN "AspNetUsers" u ON u."Id" = e."UserId"
            WHERE u."Email" LIKE 'suite%@bench.example' AND abs(hashtext(u."Id"::text)) % 2 = 1 AND e."CourseId" = ANY (({extraIds})[1:3])
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE");

        // Certificates through the app's issuer (awards, verification codes, signed VC-JWTs).
        var sw = Stopwatch.StartNew();
        var claimIds = await db.CreditClaims.Where(c => courseIds.Contains(db.CourseVersions.Where(v => v.Id == c.CourseVersionId).Select(v => v.CourseId).First()))
            .OrderBy(c => c.AttestedAt).Select(c => c.Id).Take(certificates).ToArrayAsync();
        await Parallel.ForEachAsync(claimIds.Chunk(Math.Max(1, (claimIds.Length + 3) / 4)), async (chunk, _) =>
        {
            using var issuing = services.CreateScope();
            await issuing.ServiceProvider.GetRequiredService<IssueClaimsBatchJob>().RunAsync(chunk, CancellationToken.None);
        });
        var codes = await db.Certificates.Select(c => c.VerificationCode).ToListAsync();
        Console.WriteLine($"issued {codes.Count} certificates in {sw.Elapsed.TotalSeconds:0.0} s");

        var emails = await db.Users.Where(u => u.Email!.StartsWith("suite") && u.Email.EndsWith("@bench.example") && u.Email != directorEmail)
            .OrderBy(u => u.Email).Select(u => u.Email!).ToListAsync();
        return new SeedResult(emails, directorEmail, totpKey, orgId, [.. courseIds], [.. extraIds[..6]], codes, emails.Count, AssignmentsPerPerson,
            await db.Set<Assignment>().LongCountAsync(), await db.Enrollments.LongCountAsync(), await db.ModuleProgress.LongCountAsync(),
            await db.CreditClaims.LongCountAsync(), codes.Count);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
