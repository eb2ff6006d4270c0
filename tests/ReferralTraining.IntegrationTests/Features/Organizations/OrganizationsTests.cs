using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Organizations;

public sealed class OrganizationsTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<PageClient> SignedInAsync(AppUser user)
    {
        var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        return client;
    }

    [Fact]
    public async Task AdminCreatesOrganization_ForANewPerson_WhoRegistersAndAcceptsTheInvitation_AsDirector()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var adminClient = await SignedInAsync(admin);
        var email = $"new-director-{Guid.NewGuid():N}@test.example";
        var (response, _) = await adminClient.SubmitAsync("/admin/organizations", new Dictionary<string, string> { ["Name"] = "Lakeside Clinic", ["DirectorEmail"] = email });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.Contains("Lakeside Clinic", StringComparison.Ordinal) == true);
        var link = new Uri(SmtpSink.LinkIn(message, "/invitations/accept")).PathAndQuery;
        var person = await Factory.CreateUserAsync(Roles.Clinician, email);
        var client = await SignedInAsync(person);
        var (accepted, _) = await client.SubmitAsync(link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var orgId = await QueryAsync(db => db.Set<Organization>().Where(o => o.Name == "Lakeside Clinic").Select(o => o.Id).SingleAsync());
        var member = await QueryAsync(db => db.Set<OrganizationMember>().SingleAsync(m => m.OrganizationId == orgId));
        Assert.Equal(person.Id, member.UserId);
        Assert.Equal(OrganizationRole.Director, member.Role);
        using var scope = Factory.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().IsInRoleAsync(person, Roles.ProgramDirector));

        // Used once: the same link is refused and writes nothing more.
        // (Opened signed out: the new director's own session now asks for two-step enrollment first.)
        using var anonymous = PageClient.For(Factory);
        var (again, page) = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already been used", page.GetElementById("invitation-problem")!.TextContent, StringComparison.Ordinal);
        var reuse = await scope.ServiceProvider.GetRequiredService<OrganizationService>().AcceptAsync(new Uri("http://x" + link).Query.Split('=')[1], admin.Id, CancellationToken.None);
        Assert.False(reuse.Ok);
        Assert.Equal(1, await QueryAsync(db => db.Set<OrganizationMember>().CountAsync(m => m.OrganizationId == orgId)));
    }

    [Fact]
    public async Task Invitations_Expire_CanBeResent_WithANewLink_AndRevoked()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, "Hillside Program");
        var client = await SignedInAsync(director);
        var email = $"staff-{Guid.NewGuid():N}@test.example";
        var (sent, _) = await client.SubmitAsync($"/organizations/{orgId}", new Dictionary<string, string> { ["Email"] = email, ["InviteRole"] = "Staff" }, "#invite-form");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var first = new Uri(SmtpSink.LinkIn(await Fixture.Smtp.WaitForMessageAsync(email), "/invitations/accept")).PathAndQuery;
        var normalized = email.ToUpperInvariant();
        var invitation = await QueryAsync(db => db.Set<Invitation>().SingleAsync(i => i.OrganizationId == orgId && i.NormalizedEmail == normalized));
        Assert.DoesNotContain(invitation.TokenHash, first, StringComparison.Ordinal); // only the hash is stored

        // Inviting the same person again is refused while the invitation is open.
        var (duplicate, duplicatePage) = await client.SubmitAsync($"/organizations/{orgId}", new Dictionary<string, string> { ["Email"] = email }, "#invite-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains("Re-send", PageClient.FieldError(duplicatePage, "Email"), StringComparison.Ordinal);

        // Expired.
        await QueryAsync(db => db.Set<Invitation>().Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        var (expired, expiredPage) = await client.GetAsync(first);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", expiredPage.GetElementById("invitation-problem")!.TextContent, StringComparison.Ordinal);

        // Re-send: a new link that works; the old link no longer does.
        var countBefore = Fixture.Smtp.Messages.Count(m => m.To.ToString().Contains(email, StringComparison.Ordinal));
        await client.PostAsync($"/organizations/{orgId}?handler=Resend", await FormAsync(client, orgId, invitation.Id));
        var second = await Fixture.Smtp.WaitForMessageAsync(email, _ => Fixture.Smtp.Messages.Count(m => m.To.ToString().Contains(email, StringComparison.Ordinal)) > countBefore);
        var secondLink = new Uri(SmtpSink.LinkIn(Fixture.Smtp.Messages.Last(m => m.To.ToString().Contains(email, StringComparison.Ordinal)), "/invitations/accept")).PathAndQuery;
        Assert.NotEqual(first, secondLink);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(first)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(secondLink)).Response.StatusCode);
        _ = second;

        // Revoked.
        await client.PostAsync($"/organizations/{orgId}?handler=Revoke", await FormAsync(client, orgId, invitation.Id));
        var (revoked, revokedPage) = await client.GetAsync(secondLink);
        Assert.Equal(HttpStatusCode.Gone, revoked.StatusCode);
        Assert.Contains("withdrawn", revokedPage.GetElementById("invitation-problem")!.TextContent, StringComparison.Ordinal);
        var person = await Factory.CreateUserAsync(Roles.Clinician, email);
        using var scope = Factory.Services.CreateScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<OrganizationService>().AcceptAsync(new Uri("http://x" + secondLink).Query.Split('=')[1], person.Id, CancellationToken.None)).Ok);
        Assert.Equal(1, await QueryAsync(db => db.Set<OrganizationMember>().CountAsync(m => m.OrganizationId == orgId)));
    }

    private static async Task<Dictionary<string, string>> FormAsync(PageClient client, Guid orgId, Guid targetId)
    {
        var (_, page) = await client.GetAsync($"/organizations/{orgId}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new() { ["__RequestVerificationToken"] = token, ["TargetId"] = targetId.ToString() };
    }

    [Fact]
    public async Task RemovingAMember_KeepsTheirCreditsAndCertificates_AndTheLastDirectorStays()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, "Riverbend");
        var staff = await AddStaffAsync(Factory, orgId);
        await CompleteCourseAsync(Factory, staff.Id);
        using var scope = Factory.Services.CreateScope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        Assert.True((await organizations.RemoveMemberAsync(orgId, staff.Id, CancellationToken.None)).Ok);
        Assert.False(await QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.UserId == staff.Id)));
        Assert.Equal(1, await QueryAsync(db => db.CreditClaims.CountAsync(c => c.UserId == staff.Id)));
        var last = await organizations.RemoveMemberAsync(orgId, director.Id, CancellationToken.None);
        Assert.False(last.Ok);
        Assert.Contains("at least one director", last.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadAssignments_AreExplained_AndWriteNothing()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, "North Clinic");
        var (otherOrg, _) = await CreateOrganizationAsync(Factory, "South Clinic");
        var outsider = await AddStaffAsync(Factory, otherOrg);
        var staff = await AddStaffAsync(Factory, orgId);
        var client = await SignedInAsync(director);
        var url = $"/organizations/{orgId}/assignments";
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");

        async Task<string?> Refused(Dictionary<string, string> fields, string field)
        {
            var (response, page) = await client.SubmitAsync(url, fields, "#assign-form");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            return PageClient.FieldError(page, field);
        }

        Assert.Contains("not a member", await Refused(new() { ["CourseIds"] = Course, ["TargetId"] = $"Person:{outsider.Id}", ["DueDate"] = tomorrow }, "TargetId"), StringComparison.Ordinal);
        Assert.Contains("today or later", await Refused(new() { ["CourseIds"] = Course, ["TargetId"] = $"Person:{staff.Id}", ["DueDate"] = "2020-01-01" }, "DueDate"), StringComparison.Ordinal);
        Assert.Contains("at least one course", await Refused(new() { ["TargetId"] = $"Person:{staff.Id}", ["DueDate"] = tomorrow }, "CourseIds"), StringComparison.Ordinal);
        var unknown = await Refused(new() { ["CourseIds"] = "no-such-course", ["TargetId"] = $"Person:{staff.Id}", ["DueDate"] = tomorrow }, "CourseIds");
        Assert.Equal("One of the chosen courses is not in the catalog. Choose courses from the list.", unknown);
        // Nothing chosen in "Assign to" (a list of teams, job roles and people) names all three.
        Assert.Equal("Choose a team, job role or person.", await Refused(new() { ["CourseIds"] = Course, ["TargetId"] = "", ["DueDate"] = tomorrow }, "TargetId"));
        Assert.Equal(0, await QueryAsync(db => db.Set<Assignment>().CountAsync()));

        var (ok, _) = await client.SubmitAsync(url, new Dictionary<string, string> { ["CourseIds"] = Course, ["TargetId"] = $"Person:{staff.Id}", ["DueDate"] = tomorrow }, "#assign-form");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        // The refusal names the course by its title, never its id.
        var again = await Refused(new() { ["CourseIds"] = Course, ["TargetId"] = $"Person:{staff.Id}", ["DueDate"] = tomorrow }, "CourseIds");
        Assert.Equal("Already assigned to this person: \"Sample course for tests\".", again);
        Assert.DoesNotContain(Course, again, StringComparison.Ordinal);
        Assert.Equal(1, await QueryAsync(db => db.Set<Assignment>().CountAsync()));
    }

    [Fact]
    public async Task Satisfaction_CountsPriorCompletionsOnlyWhenAllowed_AndFollowsTeamsAndLaterMembers()
    {
        var (orgId, _) = await CreateOrganizationAsync(Factory, "East Program");
        using var scope = Factory.Services.CreateScope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var team = (await organizations.AddTeamAsync(orgId, "Outpatient", CancellationToken.None)).Value;
        var early = await AddStaffAsync(Factory, orgId, team);
        await CompleteCourseAsync(Factory, early.Id);
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var assignments = scope.ServiceProvider.GetRequiredService<AssignmentService>();
        Assert.True((await assignments.CreateAsync(orgId, new AssignmentRequest([Course], AssignmentTarget.Team, team, due, null, false, false), null, "UTC", CancellationToken.None)).Ok);

        var compliance = scope.ServiceProvider.GetRequiredService<ComplianceService>();
        var cells = await compliance.CellsAsync(orgId, null, null, null, CancellationToken.None);
        Assert.Equal(ComplianceStatus.InProgress, cells.Single(c => c.UserId == early.Id).Cell.Status); // completed before: not counted

        await QueryAsync(db => db.Set<Assignment>().ExecuteUpdateAsync(s => s.SetProperty(a => a.AllowPriorCompletion, true)));
        var completed = (await compliance.CellsAsync(orgId, null, null, null, CancellationToken.None)).Single(c => c.UserId == early.Id).Cell;
        Assert.Equal(ComplianceStatus.Completed, completed.Status);
        Assert.Equal(100, completed.Score);

        // Joined later and "current members only": not assigned; with later members included: assigned.
        await Task.Delay(20);
        var late = await AddStaffAsync(Factory, orgId, team);
        Assert.DoesNotContain(await compliance.CellsAsync(orgId, null, null, null, CancellationToken.None), c => c.UserId == late.Id);
        await QueryAsync(db => db.Set<Assignment>().ExecuteUpdateAsync(s => s.SetProperty(a => a.IncludeLaterMembers, true)));
        Assert.Equal(ComplianceStatus.NotStarted, (await compliance.CellsAsync(orgId, null, null, null, CancellationToken.None)).Single(c => c.UserId == late.Id).Cell.Status);

        // Overdue once the due date has passed.
        await QueryAsync(db => db.Set<Assignment>().ExecuteUpdateAsync(s => s.SetProperty(a => a.DueDate, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3))));
        Assert.Equal(ComplianceStatus.Overdue, (await compliance.CellsAsync(orgId, null, null, null, CancellationToken.None)).Single(c => c.UserId == late.Id).Cell.Status);
    }

    [Fact]
    public async Task Report_MostPressingAssignmentCounts_AndTotalsAndRatesCoverEveryFilteredPerson_NotJustThePage()
    {
        var (orgId, _) = await CreateOrganizationAsync(Factory, "Bayside Program");
        using var scope = Factory.Services.CreateScope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var assignments = scope.ServiceProvider.GetRequiredService<AssignmentService>();
        var outpatient = (await organizations.AddTeamAsync(orgId, "Outpatient", CancellationToken.None)).Value;
        var detox = (await organizations.AddTeamAsync(orgId, "Detox", CancellationToken.None)).Value;
        var lapsed = await AddStaffAsync(Factory, orgId, outpatient);
        var current = await AddStaffAsync(Factory, orgId, outpatient);
        var unassignedTeam = await AddStaffAsync(Factory, orgId);
        var behind = new List<AppUser>();
        for (var i = 0; i < 11; i++)
        {
            behind.Add(await AddStaffAsync(Factory, orgId, detox));
        }
        var now = Factory.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        async Task<Guid> Assign(AssignmentTarget target, Guid id, int? recurrence, bool allowPrior) =>
            Assert.Single((await assignments.CreateAsync(orgId, new AssignmentRequest([Course], target, id, today.AddDays(10), recurrence, true, allowPrior), null, "UTC", CancellationToken.None)).Value!);
        // Outpatient: monthly, prior completions count. The lapsed person also has a one-off personal assignment of the same course.
        var monthly = await Assign(AssignmentTarget.Team, outpatient, 1, true);
        var personal = await Assign(AssignmentTarget.Person, lapsed.Id, null, true);
        var detoxOnce = await Assign(AssignmentTarget.Team, detox, null, false);
        var notStarted = await Assign(AssignmentTarget.Person, unassignedTeam.Id, null, false);
        await QueryAsync(db => db.Set<Assignment>().Where(a => a.Id == monthly || a.Id == detoxOnce).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueDate, today.AddDays(-100))));

        // Completed 120 days ago, late in the UTC day: in Guam it is already the next day.
        await CompleteCourseAsync(Factory, lapsed.Id);
        var completedAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(-120).AddHours(20), TimeSpan.Zero);
        await QueryAsync(db => db.CreditClaims.Where(c => c.UserId == lapsed.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AttestedAt, completedAt)));
        await QueryAsync(db => db.Users.Where(u => u.Id == lapsed.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, "Pacific/Guam")));
        await CompleteCourseAsync(Factory, current.Id);

        var compliance = scope.ServiceProvider.GetRequiredService<ComplianceService>();
        var all = await compliance.ReportAsync(orgId, new ComplianceFilter(), allPages: true, CancellationToken.None);
        Assert.Equal(14, all.TotalPeople);
        Assert.Equal(all.People.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Email, StringComparer.Ordinal).Select(p => p.UserId), all.People.Select(p => p.UserId));
        ComplianceCell Cell(AppUser user) => all.People.Single(p => p.UserId == user.Id).Cells[Course];
        // The lapsed monthly completion is more pressing than the satisfied personal assignment; due a month after the local completion date.
        var lapsedCell = Cell(lapsed);
        Assert.Equal(ComplianceStatus.Overdue, lapsedCell.Status);
        Assert.Equal(monthly, lapsedCell.AssignmentId);
        Assert.Equal(DateOnly.FromDateTime(completedAt.UtcDateTime).AddDays(1).AddMonths(1), lapsedCell.DueDate);
        Assert.Equal(ComplianceStatus.Completed, Cell(current).Status);
        Assert.Equal(100, Cell(current).Score);
        // Due a month after the completion date where the person lives (New York by default), which between 00:00 and
        // 05:00 UTC is the day before the UTC date.
        var attestedAt = await QueryAsync(db => db.CreditClaims.Where(c => c.UserId == current.Id).Select(c => c.AttestedAt).SingleAsync());
        var localCompletion = TimeZoneInfo.ConvertTime(attestedAt, TimeZoneInfo.FindSystemTimeZoneById(current.TimeZoneId));
        Assert.Equal(DateOnly.FromDateTime(localCompletion.DateTime).AddMonths(1), Cell(current).DueDate);
        Assert.Equal((ComplianceStatus.NotStarted, notStarted), (Cell(unassignedTeam).Status, Cell(unassignedTeam).AssignmentId));
        Assert.All(behind, b => Assert.Equal((ComplianceStatus.Overdue, detoxOnce), (Cell(b).Status, Cell(b).AssignmentId)));
        Assert.Equal([new Rate("Detox", 0, 11), new Rate("No team", 0, 1), new Rate("Outpatient", 1, 2)], all.ByTeam);
        Assert.Equal(1, Assert.Single(all.ByCourse).Completed);
        _ = personal;

        // Overdue only, second page of ten: the page holds the last two, the totals and rates count all twelve.
        var overdue = await compliance.ReportAsync(orgId, new ComplianceFilter(Status: ComplianceStatus.Overdue, Page: 2, PageSize: 10), false, CancellationToken.None);
        Assert.Equal((12, 2, 2), (overdue.TotalPeople, overdue.Page, overdue.PageCount));
        var expected = all.People.Where(p => p.Cells[Course].Status == ComplianceStatus.Overdue).Skip(10).Select(p => p.UserId);
        Assert.Equal(expected, overdue.People.Select(p => p.UserId));
        Assert.Equal([new Rate("Detox", 0, 11), new Rate("Outpatient", 0, 1)], overdue.ByTeam);
        Assert.Equal(new Rate(all.ByCourse[0].Label, 0, 12), Assert.Single(overdue.ByCourse));
        // A team filter narrows the people and the rates alike.
        var outpatientOnly = await compliance.ReportAsync(orgId, new ComplianceFilter(TeamId: outpatient), false, CancellationToken.None);
        Assert.Equal(new[] { lapsed.Id, current.Id }.Order(), outpatientOnly.People.Select(p => p.UserId).Order());
        Assert.Equal([new Rate("Outpatient", 1, 2)], outpatientOnly.ByTeam);
    }

    [Fact]
    public void Recurrence_CompletionIsGoodForNMonths_ThenOverdueAgain()
    {
        var created = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        AssignmentTerms Terms(DateTimeOffset createdAt, DateOnly due, int? recurrence = null, bool allowPrior = false) =>
            new(Guid.NewGuid(), Course, AssignmentTarget.Person, Guid.NewGuid(), null, null, due, recurrence, false, allowPrior, createdAt);
        var progress = new CourseProgress(new DateTimeOffset(2025, 1, 20, 15, 0, 0, TimeSpan.Zero), true, 90);
        var utc = TimeZoneInfo.Utc;
        var assignment = Terms(created, new DateOnly(2025, 2, 1), recurrence: 12);
        var inWindow = ComplianceService.Evaluate(assignment, new DateOnly(2025, 6, 1), utc, progress);
        Assert.Equal(ComplianceStatus.Completed, inWindow.Status);
        Assert.Equal(new DateOnly(2026, 1, 20), inWindow.DueDate);
        Assert.Equal("Completed January 20, 2025 (score 90%)", inWindow.Text);
        var lapsed = ComplianceService.Evaluate(assignment, new DateOnly(2026, 1, 21), utc, progress);
        Assert.Equal(ComplianceStatus.Overdue, lapsed.Status);
        Assert.Equal("Overdue (due January 20, 2026)", lapsed.Text);
        // Completed before the assignment existed and not allowed: not started / overdue by the original due date.
        var prior = Terms(created.AddMonths(1), new DateOnly(2025, 3, 1));
        Assert.Equal(ComplianceStatus.InProgress, ComplianceService.Evaluate(prior, new DateOnly(2025, 2, 10), utc, progress).Status);
        Assert.Equal(ComplianceStatus.NotStarted, ComplianceService.Evaluate(prior, new DateOnly(2025, 2, 10), utc, progress with { Enrolled = false }).Status);
        Assert.Equal(ComplianceStatus.Overdue, ComplianceService.Evaluate(prior, new DateOnly(2025, 3, 2), utc, progress).Status);
        Assert.Equal(ComplianceStatus.Completed, ComplianceService.Evaluate(prior with { AllowPriorCompletion = true }, new DateOnly(2025, 2, 10), utc, progress).Status);
        // The completion date is the person's local date: 15:00 UTC on the 20th is already the 21st in Guam.
        Assert.Equal(new DateOnly(2025, 1, 21), ComplianceService.Evaluate(assignment, new DateOnly(2025, 6, 1), TimeZoneInfo.FindSystemTimeZoneById("Pacific/Guam"), progress).CompletedOn);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("Smith, Ann", "\"Smith, Ann\"")]
    [InlineData("plain", "plain")]
    public void CsvFields_AreQuoted_AndCannotRunAsFormulas(string value, string expected) =>
        Assert.Equal(expected, Web.Infrastructure.Web.Csv.Cell(value, ','));

    [Fact]
    public async Task ComplianceDashboard_FiltersAndCsv_ShowTheSameRows()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, "West Unit");
        using var scope = Factory.Services.CreateScope();
        var team = (await scope.ServiceProvider.GetRequiredService<OrganizationService>().AddTeamAsync(orgId, "Detox unit", CancellationToken.None)).Value;
        var done = await AddStaffAsync(Factory, orgId, team);
        var behind = await AddStaffAsync(Factory, orgId, team);
        await QueryAsync(db => db.Users.Where(u => u.Id == behind.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.GivenName, "=cmd|' /C calc'!A0")));
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AssignmentService>()
            .CreateAsync(orgId, new AssignmentRequest([Course], AssignmentTarget.Team, team, due, null, true, false), director.Id, "UTC", CancellationToken.None)).Ok);
        await CompleteCourseAsync(Factory, done.Id);
        await QueryAsync(db => db.Set<Assignment>().ExecuteUpdateAsync(s => s.SetProperty(a => a.DueDate, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2))));

        var client = await SignedInAsync(director);
        var (response, page) = await client.GetAsync($"/organizations/{orgId}/compliance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#compliance tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r[4].StartsWith("Completed ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[4].StartsWith("Overdue ", StringComparison.Ordinal));
        // The status table names the denominator of its percentage; the chart beside it is an SVG in the page,
        // labeled by its heading, with no style attribute the CSP would block.
        var teamRow = page.QuerySelectorAll("#status-team tbody tr").Single().Children.Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["1", "0", "0", "1", "50 % of 2 person-course assignments"], teamRow.Skip(1));
        var chart = page.QuerySelector("svg#chart-team")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Equal("Status by team", page.GetElementById(chart.GetAttribute("aria-labelledby")!)!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("main [style]"));
        Assert.Contains("Detox unit: 1 overdue of 2", page.GetElementById("overdue-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", page.QuerySelector("#completions-by-month tbody td")!.TextContent.Trim());

        var csv = await client.Http.GetStringAsync($"/organizations/{orgId}/compliance?handler=Csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"Behind", csv.Replace("'", "", StringComparison.Ordinal) + "\"Behind", StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", csv, StringComparison.Ordinal);
        foreach (var row in rows)
        {
            Assert.Contains(lines, l => l.Contains(row[1], StringComparison.Ordinal) && l.Contains(row[4], StringComparison.Ordinal));
        }

        var (filtered, filteredPage) = await client.GetAsync($"/organizations/{orgId}/compliance?status=Overdue");
        Assert.Single(filteredPage.QuerySelectorAll("#compliance tbody tr"));
        var filteredCsv = await client.Http.GetStringAsync($"/organizations/{orgId}/compliance?handler=Csv&status=Overdue");
        Assert.Equal(2, filteredCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        _ = filtered;
    }
}
