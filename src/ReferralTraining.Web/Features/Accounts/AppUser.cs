using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Accounts;

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
