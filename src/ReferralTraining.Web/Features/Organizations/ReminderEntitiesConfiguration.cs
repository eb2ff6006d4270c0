using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

internal sealed class ReminderEntitiesConfiguration : IEntityTypeConfiguration<ReminderLog>, IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<ReminderLog> b)
    {
        b.ToTable("reminder_log");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => new { r.SubjectId, r.UserId, r.Kind, r.Period }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Subject).HasMaxLength(300).IsRequired();
        b.Property(n => n.Body).HasMaxLength(4000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
