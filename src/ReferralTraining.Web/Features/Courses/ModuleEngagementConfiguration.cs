using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class ModuleEngagementConfiguration : IEntityTypeConfiguration<ModuleEngagement>
{
    public void Configure(EntityTypeBuilder<ModuleEngagement> b)
    {
        b.ToTable("module_engagement");
        b.HasKey(e => new { e.EnrollmentId, e.ModuleNumber });
        b.HasOne<Enrollment>().WithMany().HasForeignKey(e => e.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
