using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Accreditation;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;
using ReferralTraining.Web.Features.ReferralMenu;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Scorm;
using ReferralTraining.Web.Features.Sso;
using ReferralTraining.Web.Features.Verification;
using ReferralTraining.Web.Infrastructure.BackgroundJobs;
using ReferralTraining.Web.Infrastructure.Observability;
using ReferralTraining.Web.Infrastructure.Security;

// `check-content [folder]` validates course content without starting the web host (CI and authors).
if (args.Length > 0 && args[0] == "check-content")
{
    return ReferralTraining.Web.Infrastructure.Content.ContentCheckCommand.Run(args.Skip(1).ToArray(), Console.Out);
}

// `quiz-export` / `quiz-import` convert quiz pools to and from Moodle GIFT (and from Aiken).
if (args.Length > 0 && args[0] is "quiz-export" or "quiz-import")
{
    return QuizInteropCommand.Run(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddObservability();
builder.AddData();
builder.AddAccounts();
builder.AddEmail();
builder.AddBackgroundJobs();
builder.AddCourses();
builder.AddQuizzes();
builder.AddScenarios();
builder.AddReferralMenu();
builder.AddCertificates();
builder.AddCredentials();
builder.AddVerification();
builder.AddAccreditation();
builder.AddCredentialingBodies();
builder.AddOrganizations();
builder.AddPracticeChange();
builder.AddScorm();
builder.AddSso();
builder.AddWebSecurity();
builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
    options.AddOrganizationConventions();
});

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseWebSecurity();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseSsoCallbacks();
app.UseScormPartitionedCookies();
app.UseAuthentication();
app.UseTwoFactorGate();
app.UseScormSessions();
app.UseAuthorization();
app.MapBackgroundJobsDashboard();
app.MapObservability();
app.MapRazorPages();
app.MapQuizzesApi();
app.MapVerificationsApi();
app.MapCertificatesDownloads();
app.MapOrganizationsApi();
app.MapCredentialsApi();
app.MapScorm();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
