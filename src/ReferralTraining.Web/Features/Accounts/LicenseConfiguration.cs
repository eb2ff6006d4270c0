using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

internal sealed class LicenseConfiguration : IEntityTypeConfiguration<License>
{
    public void Configure(EntityTypeBuilder<License> b)
    {
        b.ToTable("licenses");
        b.Property(l => l.IssuingAuthority).HasMaxLength(120).IsRequired();
        b.Property(l => l.Number).HasMaxLength(40).IsRequired();
        b.HasIndex(l => new { l.UserId, l.IssuingAuthority, l.Number }).IsUnique();
    }
}
