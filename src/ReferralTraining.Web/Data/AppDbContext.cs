using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Quizzes;

namespace ReferralTraining.Web.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<License> Licenses => Set<License>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CourseVersion> CourseVersions => Set<CourseVersion>();
    public DbSet<CourseModule> CourseModules => Set<CourseModule>();
    public DbSet<ContentIssue> ContentIssues => Set<ContentIssue>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<ModuleProgress> ModuleProgress => Set<ModuleProgress>();
    public DbSet<ModuleEngagement> ModuleEngagement => Set<ModuleEngagement>();
    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();
    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();
    public DbSet<ReferralTraining.Web.Features.Scenarios.ScenarioAttempt> ScenarioAttempts => Set<ReferralTraining.Web.Features.Scenarios.ScenarioAttempt>();
    public DbSet<QuizResponse> QuizResponses => Set<QuizResponse>();
    public DbSet<CourseEvaluation> CourseEvaluations => Set<CourseEvaluation>();
    public DbSet<EvaluationObjectiveRating> EvaluationObjectiveRatings => Set<EvaluationObjectiveRating>();
    public DbSet<CreditClaim> CreditClaims => Set<CreditClaim>();
    public DbSet<CreditAward> CreditAwards => Set<CreditAward>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateStatusEvent> CertificateStatusEvents => Set<CertificateStatusEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each entity's configuration lives beside the entity in its feature folder.
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        // Hands out revocation status list positions (StatusListAllocator); sequences are model-wide, not per entity.
        builder.HasSequence<long>(StatusListAllocator.PositionSequence).StartsAt(0).HasMin(0);
    }
}
