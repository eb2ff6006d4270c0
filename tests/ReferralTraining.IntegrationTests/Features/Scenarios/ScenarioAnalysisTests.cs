using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Scenarios;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.PracticeChange;
using Kit = ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Scenarios;

/// <summary>
/// The authors' choice and item analysis and the directors' fidelity by item (ADR-024), from known paths through the
/// fixture scenario (start → contact or pushback → an End; see tests/fixtures/content/…/fixture-first-meeting.md).
/// </summary>
public sealed class ScenarioAnalysisTests(AppFixture fixture) : AppTest(fixture)
{
    private const string ScenarioId = "fixture-first-meeting";
    private const string CourseId = "sample-course";
    private const string File = "content/courses/sample-course/scenarios/fixture-first-meeting.md";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<AppUser> ClinicianAsync(Profession profession)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Profession, profession));
        return user;
    }

    /// <summary>Enrolls (once) and plays a path of choice numbers through the player's own steps.</summary>
    private async Task PlayAsync(Guid userId, params int[] path)
    {
        using var scope = Factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        if (!await scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>().Enrollments.AnyAsync(e => e.UserId == userId && e.CourseId == CourseId))
        {
            await courses.EnrollAsync(userId, CourseId, CancellationToken.None);
        }
        var played = await scope.ServiceProvider.GetRequiredService<ScenarioService>().PlayAsync(userId, CourseId, ScenarioId, path, CancellationToken.None);
        Assert.NotNull(played?.FinishedAt);
    }

    [Fact]
    public async Task ChoiceFacility_AndMissedItems_AreExactCounts_FromTheAttemptsSnapshots()
    {
        var counselor1 = await ClinicianAsync(Profession.Counselor);
        var nurse1 = await ClinicianAsync(Profession.Nurse);
        var nurse2 = await ClinicianAsync(Profession.Nurse);
        var counselor2 = await ClinicianAsync(Profession.Counselor);
        var open = await ClinicianAsync(Profession.Physician);
        await PlayAsync(counselor1.Id, 1, 1);   // start:1 → contact:1 → linked
        await PlayAsync(nurse1.Id, 2, 1, 1);    // start:2 → pushback:1 → contact:1 → linked
        await PlayAsync(nurse2.Id, 2, 2);       // start:2 → pushback:2 → walked-out
        await PlayAsync(counselor2.Id, 1, 2);   // start:1 → contact:2 → list-only
        // An attempt still open at "contact" is left out: it has not answered the node it stands at.
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(open.Id, CourseId, CancellationToken.None);
            var scenarios = scope.ServiceProvider.GetRequiredService<ScenarioService>();
            var attempt = (await scenarios.StartAsync(open.Id, CourseId, ScenarioId, CancellationToken.None))!;
            Assert.Null(await scenarios.ChooseAsync(open.Id, attempt.Id, "start", 1, CancellationToken.None));
        }

        // Rewrite the published scenario (tags and wording): the analysis reads the attempts' snapshots, not this.
        var versionId = await QueryAsync(db => db.CourseVersions.Where(v => v.CourseId == CourseId).Select(v => v.Id).SingleAsync());
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            var version = await db.CourseVersions.SingleAsync(v => v.Id == versionId);
            version.Scenarios = version.Scenarios.Select(s => s with
            {
                Title = "EDITED",
                Nodes = s.Nodes.Select(n => n with { Choices = n.Choices.Select(c => c with { Text = "EDITED", Meets = [], Misses = [] }).ToList() }).ToList(),
            }).ToList();
            await db.SaveChangesAsync();
        }

        ScenarioAnalysisReport report;
        using (var scope = Factory.Services.CreateScope())
        {
            report = (await scope.ServiceProvider.GetRequiredService<ScenarioAnalysis>().ForAsync(versionId, ScenarioId, CancellationToken.None))!;
        }
        Assert.Equal(("It was not for me", File, 4, 1), (report.Title, report.File, report.FinishedAttempts, report.OpenAttempts));
        var reached = report.Nodes.ToDictionary(n => n.NodeId, n => n.Reached);
        Assert.Equal(new Dictionary<string, int> { ["start"] = 4, ["pushback"] = 2, ["contact"] = 3, ["linked"] = 2, ["list-only"] = 1, ["walked-out"] = 1 }, reached);
        var choices = report.Nodes.SelectMany(n => n.Choices.Select(c => (Key: $"{n.NodeId}:{c.Number}", c))).ToDictionary(x => x.Key, x => x.c);
        Assert.Equal((2, 0.5), (choices["start:1"].Taken, choices["start:1"].Facility!.Value));
        Assert.Equal((2, 0.5), (choices["start:2"].Taken, choices["start:2"].Facility!.Value));
        Assert.Equal((1, 0.5), (choices["pushback:2"].Taken, choices["pushback:2"].Facility!.Value));
        Assert.Equal(2, choices["contact:1"].Taken);
        Assert.Equal(2.0 / 3, choices["contact:1"].Facility!.Value, 6);
        Assert.Equal(1.0 / 3, choices["contact:2"].Facility!.Value, 6);
        Assert.Equal([new ProfessionCount("Nurse", 2)], choices["start:2"].ByProfession);
        Assert.Equal([new ProfessionCount("Counselor", 1), new ProfessionCount("Nurse", 1)], choices["contact:1"].ByProfession);
        Assert.Equal(24, choices["start:2"].Line);
        Assert.Equal(["fixture-steps.no-confronting", "fixture-steps.ask-experience"], choices["start:2"].Misses);
        Assert.Equal("Tell Sam that he needs to go whether he likes it or not.", choices["start:2"].Text);

        var items = report.Items.ToDictionary(i => i.Key, i => (i.Scored, i.Met, i.Missed, i.NotShown));
        Assert.Equal((4, 3, 1, 0), items["fixture-steps.ask-experience"]);
        Assert.Equal((4, 2, 1, 1), items["fixture-steps.offer-contact"]);
        Assert.Equal((4, 2, 2, 0), items["fixture-steps.no-confronting"]);

        // The admin page shows the same numbers, each choice linked to its file:line; the CSV too.
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var (page, document) = await client.GetAsync($"/admin/scenario-analysis?version={versionId}&scenario={ScenarioId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var row = document.QuerySelector("#scenario-choices tr[data-choice='start:2']")!;
        Assert.Contains($"{File}:24", row.QuerySelector("[data-label=Source]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", row.QuerySelector("[data-label=Taken]")!.TextContent.Trim());
        Assert.StartsWith("50%", row.QuerySelector("[data-label=Facility]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Nurse 2", row.QuerySelector("[data-label='By profession']")!.TextContent.Trim());
        var item = document.QuerySelector("#scenario-items tr[data-item='fixture-steps.no-confronting']")!;
        Assert.StartsWith("2 (50%)", item.QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("of 4 finished attempts", item.QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal);
        var csv = await client.Http.GetStringAsync($"/admin/scenario-analysis?handler=Csv&version={versionId}&scenario={ScenarioId}");
        Assert.Contains($"\r\nchoice,start,2,{File}:24,4,2,0.500,Nurse=2,,,,,\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nitem,,,,,,,,fixture-steps.offer-contact,4,2,1,1\r\n", csv, StringComparison.Ordinal);
        // The select form's one value picks the same scenario.
        var (_, picked) = await client.GetAsync($"/admin/scenario-analysis?pick={versionId}/{ScenarioId}");
        Assert.Equal("It was not for me", picked.QuerySelector("#scenario-title")!.TextContent);

        // A clinician cannot open it.
        using var other = PageClient.For(Factory);
        await other.SignInAsync(counselor1.Email!);
        var (denied, _) = await other.GetAsync($"/admin/scenario-analysis?version={versionId}&scenario={ScenarioId}");
        Assert.Contains("access-denied", denied.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync($"/admin/scenario-analysis?handler=Csv&version={versionId}&scenario={ScenarioId}")).Response.StatusCode);
    }

    [Fact]
    public async Task Directors_SeeTheirOwnStaffsFidelityByItem_FirstAttemptsOnly_SmallCellsSuppressed()
    {
        var k = Factory.Services.GetRequiredService<IOptions<PracticeChangeOptions>>().Value.MinimumCellSize;
        var (orgId, director) = await Kit.CreateOrganizationAsync(Factory, "Fidelity Org A");
        var (otherOrgId, otherDirector) = await Kit.CreateOrganizationAsync(Factory, "Fidelity Org B");
        // k + 1 staff: k take the keyed path, one confronts first (start:2) and then repairs (pushback:1).
        var staff = new List<AppUser>();
        for (var i = 0; i <= k; i++)
        {
            staff.Add(await Kit.AddStaffAsync(Factory, orgId));
        }
        for (var i = 0; i < k; i++)
        {
            await PlayAsync(staff[i].Id, 1, 1);
        }
        await PlayAsync(staff[k].Id, 2, 1, 1);
        // A retry counts for nothing here: each person's first finished attempt is what the report shows.
        await PlayAsync(staff[k].Id, 1, 1);
        await PlayAsync(staff[0].Id, 2, 2);
        // Two people of the other organization, both confronting: never part of A's figures.
        for (var i = 0; i < 2; i++)
        {
            await PlayAsync((await Kit.AddStaffAsync(Factory, otherOrgId)).Id, 2, 2);
        }

        FidelityReport report;
        using (var scope = Factory.Services.CreateScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ScenarioFidelityReport>().ForOrganizationAsync(orgId, CancellationToken.None);
        }
        var scenario = Assert.Single(report.Scenarios);
        Assert.Equal((k + 1, false), (scenario.People, scenario.Suppressed));
        var rows = scenario.Items.ToDictionary(i => i.Key);
        var all = $"{k + 1} (100%)";
        Assert.Equal((k + 1, false, all, "0 (0%)"), (rows["fixture-steps.ask-experience"].People, rows["fixture-steps.ask-experience"].Suppressed, rows["fixture-steps.ask-experience"].Met, rows["fixture-steps.ask-experience"].Missed));
        Assert.Equal((all, "0 (0%)"), (rows["fixture-steps.offer-contact"].Met, rows["fixture-steps.offer-contact"].Missed));
        // One person missed it: that cell is small, and the met cell would give it away by subtraction.
        Assert.Equal(($"<{k}", $"<{k}"), (rows["fixture-steps.no-confronting"].Met, rows["fixture-steps.no-confronting"].Missed));

        using var owner = PageClient.For(Factory);
        await owner.SignInAsync(director.Email!);
        var (page, document) = await owner.GetAsync($"/organizations/{orgId}/scenario-fidelity");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var section = document.QuerySelector($"section[data-scenario='{ScenarioId}']")!;
        Assert.Contains($"{k + 1} people finished it", section.TextContent, StringComparison.Ordinal);
        var confronting = section.QuerySelector("tr[data-item='fixture-steps.no-confronting']")!;
        Assert.Equal(new[] { $"<{k}of {k + 1} people", $"<{k}of {k + 1} people" }, confronting.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.StartsWith(all, section.QuerySelector("tr[data-item='fixture-steps.ask-experience'] td")!.TextContent, StringComparison.Ordinal);
        Assert.Null(section.QuerySelector("[data-testid=suppressed]"));
        Assert.DoesNotContain(staff[0].Email!, document.Body!.TextContent, StringComparison.OrdinalIgnoreCase);

        // The other organization's director sees only their two people, whose scenario is below the threshold.
        using var other = PageClient.For(Factory);
        await other.SignInAsync(otherDirector.Email!);
        var (_, own) = await other.GetAsync($"/organizations/{otherOrgId}/scenario-fidelity");
        var theirs = own.QuerySelector($"section[data-scenario='{ScenarioId}']")!;
        Assert.Contains($"fewer than {k} people finished it", theirs.TextContent, StringComparison.Ordinal);
        Assert.NotNull(theirs.QuerySelector("[data-testid=suppressed]"));
        Assert.Null(theirs.QuerySelector("table"));
        // …and cannot open A's page, by GET or by POST with a valid antiforgery token of their own.
        var (refused, refusedPage) = await other.GetAsync($"/organizations/{orgId}/scenario-fidelity");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("Fidelity Org A", refusedPage.Body?.TextContent ?? "", StringComparison.Ordinal);
        var token = await other.AntiforgeryTokenAsync();
        var (posted, _) = await other.PostAsync($"/organizations/{orgId}/scenario-fidelity", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);

        // A clinician, even one of A's own staff, cannot open it either.
        using var clinician = PageClient.For(Factory);
        await clinician.SignInAsync(staff[0].Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/organizations/{orgId}/scenario-fidelity")).Response.StatusCode);
    }
}
