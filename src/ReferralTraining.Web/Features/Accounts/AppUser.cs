using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

public enum Profession
{
    [Display(Name = "Counselor")] Counselor = 1,
    [Display(Name = "Physician")] Physician = 2,
    [Display(Name = "Nurse")] Nurse = 3,
    [Display(Name = "Psychologist")] Psychologist = 4,
    [Display(Name = "Social worker")] SocialWorker = 5,
    [Display(Name = "Peer specialist")] PeerSpecialist = 6,
    [Display(Name = "Other")] Other = 7,
}

/// <summary>A person with an account. Legal name parts are kept separately because certificates print them.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string GivenName { get; set; } = "";
    public string? MiddleName { get; set; }
    public string FamilyName { get; set; } = "";
    public string? Suffix { get; set; }
    public Profession? Profession { get; set; }
    public string? ProfessionOther { get; set; }
    /// <summary>IANA time zone id; dates are shown to the person in this zone.</summary>
    public string TimeZoneId { get; set; } = "America/New_York";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last authenticator time step accepted: a code is never accepted twice (replay).</summary>
    public long? LastTotpTimeStep { get; set; }
    public List<License> Licenses { get; set; } = [];

    public string DisplayName => FullName(GivenName, MiddleName, FamilyName, Suffix);

    /// <summary>The name parts a person gave, in order, blanks left out: how every page, certificate and answer writes a name.</summary>
    public static string FullName(string? given, string? middle, string? family, string? suffix) =>
        string.Join(' ', new[] { given, middle, family, suffix }.Where(p => !string.IsNullOrWhiteSpace(p)));
    public bool ProfileComplete => Profession is not null && Licenses.Count > 0;
}

/// <summary>A professional licence or certification, as a board would look it up.</summary>
public sealed class License
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>Issuing state or board, e.g. "California Board of Behavioral Sciences" or "NY".</summary>
    public string IssuingAuthority { get; set; } = "";
    public string Number { get; set; } = "";
}

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
