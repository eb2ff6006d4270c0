using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Organizations;

/// <summary>Builds organizations and completions through the app's own services.</summary>
internal static class OrganizationTestKit
{
    public const string Course = "sample-course";

    /// <summary>The token of the newest invitation mailed to an address, read from the recorded e-mail (as the person would).</summary>
    public static async Task<string> InvitationTokenAsync(AppFactory factory, string email)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Data.AppDbContext>();
        var body = await db.OutboundEmails.Where(e => e.To == email && e.TextBody.Contains("/invitations/accept?token="))
            .OrderByDescending(e => e.CreatedAt).Select(e => e.TextBody).FirstAsync();
        var match = System.Text.RegularExpressions.Regex.Match(body, @"/invitations/accept\?token=([^\s&]+)");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    public static async Task<(Guid OrgId, AppUser Director)> CreateOrganizationAsync(AppFactory factory, string name)
    {
        var director = await factory.CreateUserAsync(Roles.ProgramDirector);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        using var scope = factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateOrganizationAsync(name, director.Email, admin.Id, CancellationToken.None);
        Assert.True(result.Ok, result.Error);
        return (result.Value, director);
    }

    /// <summary>Adds an existing account as staff, through an invitation accepted at once.</summary>
    public static async Task<AppUser> AddStaffAsync(AppFactory factory, Guid orgId, Guid? teamId = null)
    {
        var user = await factory.CreateUserAsync(Roles.Clinician);
        using var scope = factory.Services.CreateScope();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var invited = await organizations.InviteAsync(orgId, user.Email, OrganizationRole.Staff, teamId, null, null, CancellationToken.None);
        Assert.True(invited.Ok, invited.Error);
        var token = await InvitationTokenAsync(factory, user.Email!);
        var accepted = await organizations.AcceptAsync(token, user.Id, CancellationToken.None);
        Assert.True(accepted.Ok, accepted.Error);
        return user;
    }

    /// <summary>Enrol, read, pass the quiz, evaluate and claim credit: a completion.</summary>
    public static async Task CompleteCourseAsync(AppFactory factory, Guid userId)
    {
        using var scope = factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
        var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
        await courses.EnrollAsync(userId, Course, CancellationToken.None);
        await courses.RecordReadingAsync(userId, Course, 1, CancellationToken.None);
        await courses.RecordReadingAsync(userId, Course, 2, CancellationToken.None);
        var (attempt, _) = await quizzes.StartAsync(userId, Course, CancellationToken.None);
        await quizzes.SubmitAsync(userId, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
            q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        var errors = await credits.SubmitEvaluationAsync(userId, Course, new EvaluationInput(5, true, 5, null, TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
        Assert.Empty(errors);
        var (claimId, claimErrors) = await credits.ClaimAsync(userId, Course, "naadac", 0.25m, true, CancellationToken.None);
        Assert.True(claimId is not null, string.Join("; ", claimErrors.Select(e => e.Message)));
    }
}
