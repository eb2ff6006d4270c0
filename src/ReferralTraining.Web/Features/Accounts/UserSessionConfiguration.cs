using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.HasIndex(s => new { s.UserId, s.CreatedAt });
        b.Property(s => s.SecurityStamp).HasMaxLength(256);
        b.Property(s => s.UserAgent).HasMaxLength(UserSessions.MaxUserAgent);
        b.Property(s => s.IpAddress).HasMaxLength(45);
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
