using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Face;

/// <summary>The signed-out home page explains the product from what is published; signed-in people see their next step.</summary>
public sealed class HomePageTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task SignedOut_HomeListsEveryPublishedCourse_WithItsCreditInItsOwnUnits_AndAVerifyBox()
    {
        await Factory.PublishContentAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var published = await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { v.CourseId, v.Title, v.EstimatedMinutes })
            .ToListAsync();
        Assert.NotEmpty(published);

        using var client = PageClient.For(Factory);
        var (_, home) = await client.GetAsync("/");
        var cards = home.QuerySelectorAll("#catalog li.card");
        Assert.Equal(published.Count, cards.Length);
        foreach (var course in published)
        {
            var card = cards.Single(c => c.QuerySelector($"a[href='/courses/{course.CourseId}']") is not null);
            Assert.Equal(course.Title, card.QuerySelector("h3")!.TextContent.Trim());
            Assert.Contains($"About {course.EstimatedMinutes} minutes", card.TextContent, StringComparison.Ordinal);
        }
        // Credit is named with its unit, never a bare number.
        Assert.Contains(home.QuerySelectorAll("#catalog .credits"), p => p.TextContent.Contains("NAADAC CE hours", StringComparison.Ordinal));

        // The verify box is a GET form to the existing verify page.
        var form = (IHtmlFormElement)home.QuerySelector("form[action='/verify']")!;
        Assert.Equal("get", form.Method, ignoreCase: true);
        Assert.NotNull(form.QuerySelector("input[name='code']"));
        Assert.NotNull(home.QuerySelector("label[for='home-code']"));

        // The accreditation statements are the configured ones, with the provider named.
        var statements = home.QuerySelector(".accreditations")!.TextContent;
        Assert.Contains("is a NAADAC Approved Education Provider", statements, StringComparison.Ordinal);
        Assert.DoesNotContain("{provider}", statements, StringComparison.Ordinal);
        foreach (var audience in new[] { "Clinicians", "Program directors", "Credentialing bodies" })
        {
            Assert.Contains(home.QuerySelectorAll(".audiences h3"), h => h.TextContent.StartsWith(audience, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SignedIn_HomeShowsTheirOwnCourses_NotTheSalesPage()
    {
        await Factory.PublishContentAsync();
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (_, home) = await client.GetAsync("/");
        Assert.StartsWith("Welcome", home.QuerySelector("h1")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(home.QuerySelector("#catalog"));
        Assert.Contains("Your courses", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
