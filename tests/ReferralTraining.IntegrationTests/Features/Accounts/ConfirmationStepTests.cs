using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

/// <summary>
/// Destructive actions ask first (issue 20 item 4): disabling an account, ending someone's sessions and removing a member.
/// The first POST changes nothing and shows a separate confirmation step (plain HTML, no JavaScript) saying what cannot
/// be undone; the confirmed POST acts; and the confirmed POST still needs its antiforgery token. Certificate revocation
/// is covered the same way in CertificatesTests.
/// </summary>
public sealed class ConfirmationStepTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task DisablingAnAccount_AsksFirst_ThenDisables_OnlyWithAToken()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var admin = await SignedInAdminAsync();
        var search = $"/admin/accounts?q={Uri.EscapeDataString(clinician.Email!)}";

        var (asked, page) = await admin.SubmitAsync(search, new Dictionary<string, string> { ["Reason"] = "Left the practice in May" }, "form[action*=Disable]");
        var confirm = AssertAsked(asked, page, "Disable account", "cannot be restored");
        Assert.Contains(clinician.Email!, page.QuerySelector("[data-testid=confirm-step] h2")!.TextContent, StringComparison.Ordinal);
        Assert.False(await IsDisabledAsync(clinician.Id));

        await AssertRefusedWithoutTokenAsync(admin, confirm);
        Assert.False(await IsDisabledAsync(clinician.Id));

        var (done, _) = await admin.PostAsync(confirm.Action, confirm.Values);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.True(await IsDisabledAsync(clinician.Id));
        var logged = await QueryAsync(db => db.Set<SecurityEvent>().SingleAsync(e => e.UserId == clinician.Id && e.Kind == SecurityEventKind.AccountDisabled));
        Assert.Equal("Left the practice in May", logged.Detail);
    }

    [Fact]
    public async Task DisablingAnAccount_WithoutAReason_IsRefusedBeforeAnyConfirmation()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var admin = await SignedInAdminAsync();

        var (refused, page) = await admin.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(clinician.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "no" }, "form[action*=Disable]");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Null(page.QuerySelector("[data-testid=confirm-step]"));
        Assert.Equal("Give a reason of 5 to 300 characters; it is kept in the security log.", PageClient.FieldError(page, $"Reason-{clinician.Id}"));
    }

    [Fact]
    public async Task EndingSomeonesSessions_AsksFirst_ThenEndsThem_OnlyWithAToken()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var session = PageClient.For(Factory);
        await session.SignInAsync(clinician.Email!);
        using var admin = await SignedInAdminAsync();

        var (asked, page) = await admin.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(clinician.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "Reported a lost laptop" }, "form[action*=EndSessions]");
        var confirm = AssertAsked(asked, page, "End all sessions", "Ended sessions cannot be restored");
        Assert.Equal(0, await EndedSessionsAsync(clinician.Id));

        await AssertRefusedWithoutTokenAsync(admin, confirm);
        Assert.Equal(0, await EndedSessionsAsync(clinician.Id));

        var (done, _) = await admin.PostAsync(confirm.Action, confirm.Values);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.True(await EndedSessionsAsync(clinician.Id) > 0);
    }

    [Fact]
    public async Task RemovingAMember_AsksFirst_ThenRemoves_OnlyWithAToken()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, $"Riverside {Guid.NewGuid():N}");
        var staff = await AddStaffAsync(Factory, orgId);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(director.Email!);

        var (asked, page) = await client.SubmitAsync($"/organizations/{orgId}",
            new Dictionary<string, string> { ["TargetId"] = staff.Id.ToString() }, "form[action*=Remove]");
        var confirm = AssertAsked(asked, page, "Remove member", "do not come back");
        Assert.Contains(staff.Email!, page.QuerySelector("[data-testid=confirm-step] h2")!.TextContent, StringComparison.Ordinal);
        Assert.True(await IsMemberAsync(orgId, staff.Id));

        await AssertRefusedWithoutTokenAsync(client, confirm);
        Assert.True(await IsMemberAsync(orgId, staff.Id));

        var (done, _) = await client.PostAsync(confirm.Action, confirm.Values);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.False(await IsMemberAsync(orgId, staff.Id));
    }

    private sealed record Confirmation(string Action, Dictionary<string, string> Values);

    /// <summary>The first POST answered with the confirmation step only: 200, the warning, a confirming form that posts back.</summary>
    private static Confirmation AssertAsked(HttpResponseMessage response, IDocument page, string button, string warning)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var step = page.QuerySelector("[data-testid=confirm-step]");
        Assert.NotNull(step);
        Assert.Contains("What cannot be undone", step.TextContent, StringComparison.Ordinal);
        Assert.Contains(warning, step.TextContent, StringComparison.Ordinal);
        Assert.Equal(button, step.QuerySelector("button[type=submit]")!.TextContent.Trim());
        Assert.NotNull(step.QuerySelector("a[href]")); // a way back that changes nothing
        var form = step.QuerySelector<IHtmlFormElement>("form")!;
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
        Assert.Equal("true", values["Confirmed"]);
        Assert.False(string.IsNullOrEmpty(values.GetValueOrDefault("__RequestVerificationToken")));
        return new Confirmation(form.GetAttribute("action")!, values);
    }

    private static async Task AssertRefusedWithoutTokenAsync(PageClient client, Confirmation confirm)
    {
        var withoutToken = confirm.Values.Where(v => v.Key != "__RequestVerificationToken").ToDictionary();
        var (refused, _) = await client.PostAsync(confirm.Action, withoutToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        return client;
    }

    private Task<bool> IsDisabledAsync(Guid userId) =>
        QueryAsync(db => db.Users.AnyAsync(u => u.Id == userId && u.LockoutEnd != null && u.LockoutEnd > DateTimeOffset.UtcNow.AddYears(100)));

    private Task<int> EndedSessionsAsync(Guid userId) =>
        QueryAsync(db => db.Set<SecurityEvent>().CountAsync(e => e.UserId == userId && e.Kind == SecurityEventKind.SessionsEnded));

    private Task<bool> IsMemberAsync(Guid orgId, Guid userId) =>
        QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId));
}
