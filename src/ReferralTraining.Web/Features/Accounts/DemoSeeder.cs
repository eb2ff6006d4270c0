using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Development only (validated at start-up): demo accounts for every role and some progress, so every
/// feature is visible right after the run command. Safe to run on every start.
/// </summary>
public sealed class DemoSeeder(
    UserManager<AppUser> users, AppDbContext db, CourseService courses, IOptions<DemoSeedOptions> options,
    TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public sealed record DemoAccount(string Email, string Role, string GivenName, string FamilyName, string Description);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("clinician@demo.referraltraining.org", Roles.Clinician, "Maya", "Okafor", "clinician, midway through the intensive-referral course"),
        new("new.clinician@demo.referraltraining.org", Roles.Clinician, "Jordan", "Reyes", "clinician with a complete profile and no courses yet"),
        new("director@demo.referraltraining.org", Roles.ProgramDirector, "Dana", "Whitfield", "program director"),
        new("board@demo.referraltraining.org", Roles.CredentialingBody, "Lee", "Harper", "credentialing body (licensing board clerk)"),
        new("admin@demo.referraltraining.org", Roles.Admin, "Sam", "Ng", "CE provider admin (content, jobs)"),
    ];

    public async Task SeedIfEnabledAsync()
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        foreach (var account in Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is null)
            {
                user = new AppUser
                {
                    UserName = account.Email,
                    Email = account.Email,
                    EmailConfirmed = true,
                    GivenName = account.GivenName,
                    FamilyName = account.FamilyName,
                    CreatedAt = clock.GetUtcNow(),
                    TimeZoneId = "America/Chicago",
                };
                if (account.Role == Roles.Clinician)
                {
                    user.Profession = account.GivenName == "Maya" ? Profession.Counselor : Profession.SocialWorker;
                    user.Licenses.Add(new License
                    {
                        Id = Guid.NewGuid(),
                        IssuingAuthority = account.GivenName == "Maya" ? "Illinois Certification Board" : "Texas Behavioral Health Executive Council",
                        Number = account.GivenName == "Maya" ? "CADC-104233" : "LMSW-58210",
                    });
                }
                var created = await users.CreateAsync(user, options.Value.DemoPassword);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Demo account {account.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                }
                await users.AddToRoleAsync(user, account.Role);
            }
        }

        // The first clinician is midway through the foundation course.
        var maya = await users.FindByEmailAsync(Accounts[0].Email);
        if (maya is not null && await db.Courses.AnyAsync(c => c.Id == "intensive-referral")
            && !await db.Enrollments.AnyAsync(e => e.UserId == maya.Id))
        {
            await courses.EnrollAsync(maya.Id, "intensive-referral");
            await courses.MarkModuleReadAsync(maya.Id, "intensive-referral", 1);
            await courses.MarkModuleReadAsync(maya.Id, "intensive-referral", 2);
        }

        logger.LogWarning("Demo accounts (development only), password '{Password}':{Accounts}", options.Value.DemoPassword,
            string.Concat(Accounts.Select(a => $"{Environment.NewLine}  {a.Email,-42} {a.Description}")));
    }
}
