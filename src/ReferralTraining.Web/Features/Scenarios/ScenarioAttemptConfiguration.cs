using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Scenarios;

internal sealed class ScenarioAttemptConfiguration : IEntityTypeConfiguration<ScenarioAttempt>
{
    public void Configure(EntityTypeBuilder<ScenarioAttempt> b)
    {
        b.ToTable("scenario_attempts");
        b.Property(a => a.CourseId).HasMaxLength(80).IsRequired();
        b.Property(a => a.ScenarioId).HasMaxLength(80).IsRequired();
        b.Property(a => a.CurrentNodeId).HasMaxLength(80).IsRequired();
        b.Property(a => a.Scenario).HasSnapshotConversion();
        b.Property(a => a.Steps).HasJsonConversion();
        b.Property(a => a.Results).HasJsonConversion();
        b.Property(a => a.Version).IsRowVersion();
        b.HasIndex(a => new { a.UserId, a.ScenarioId, a.Number }).IsUnique();
        // At most one open attempt per person and scenario: two tabs resume the same one.
        b.HasIndex(a => new { a.UserId, a.ScenarioId }).IsUnique().HasFilter("\"FinishedAt\" IS NULL").HasDatabaseName("IX_scenario_attempts_one_open");
        b.HasIndex(a => new { a.CourseVersionId, a.ScenarioId });
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(a => a.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
