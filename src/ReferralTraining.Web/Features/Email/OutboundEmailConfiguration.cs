using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Email;

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> b)
    {
        b.ToTable("outbound_emails");
        b.Property(e => e.To).HasMaxLength(256).IsRequired();
        b.Property(e => e.ToName).HasMaxLength(256);
        b.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        b.Property(e => e.LastError).HasMaxLength(2000);
        b.Property(e => e.ListUnsubscribeUrl).HasMaxLength(1000);
        b.HasIndex(e => e.CreatedAt).HasFilter("\"SentAt\" IS NULL");
    }
}
