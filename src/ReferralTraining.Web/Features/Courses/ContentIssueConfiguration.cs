using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class ContentIssueConfiguration : IEntityTypeConfiguration<ContentIssue>
{
    public void Configure(EntityTypeBuilder<ContentIssue> b)
    {
        b.ToTable("content_issues");
        b.Property(i => i.File).HasMaxLength(300).IsRequired();
        b.Property(i => i.Message).HasMaxLength(1000).IsRequired();
    }
}
