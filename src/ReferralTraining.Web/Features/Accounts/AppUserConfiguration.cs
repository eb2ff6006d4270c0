using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.GivenName).HasMaxLength(100).IsRequired();
        b.Property(u => u.MiddleName).HasMaxLength(100);
        b.Property(u => u.FamilyName).HasMaxLength(100).IsRequired();
        b.Property(u => u.Suffix).HasMaxLength(20);
        b.Property(u => u.ProfessionOther).HasMaxLength(100);
        b.Property(u => u.Profession).HasConversion<string>().HasMaxLength(30);
        b.Property(u => u.TimeZoneId).HasMaxLength(64).IsRequired();
        b.HasMany(u => u.Licenses).WithOne().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
