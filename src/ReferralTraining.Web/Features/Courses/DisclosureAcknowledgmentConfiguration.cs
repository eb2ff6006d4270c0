using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class DisclosureAcknowledgmentConfiguration : IEntityTypeConfiguration<DisclosureAcknowledgment>
{
    public void Configure(EntityTypeBuilder<DisclosureAcknowledgment> b)
    {
        b.ToTable("disclosure_acknowledgments");
        b.HasKey(a => new { a.UserId, a.CourseVersionId });
        b.HasIndex(a => a.CourseVersionId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(a => a.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
