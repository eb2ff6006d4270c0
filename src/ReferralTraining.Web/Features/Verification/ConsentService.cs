using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

public sealed class ConsentService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Makes the set of bodies that may see the record exactly <paramref name="bodyUserIds"/>.</summary>
    public async Task<IReadOnlyList<ConsentError>> SetSharingAsync(Guid userId, IReadOnlyCollection<Guid> bodyUserIds, CancellationToken ct)
    {
        var wanted = bodyUserIds.Distinct().ToList();
        var bodies = await BodyIdsAsync(wanted, ct);
        if (bodies.Count != wanted.Count)
        {
            return [new ConsentError("Bodies", "One of the chosen organizations is not a credentialing body. Reload the page and choose again.")];
        }
        var now = clock.GetUtcNow();
        var active = await db.Set<ShareConsent>().Where(c => c.UserId == userId && c.WithdrawnAt == null).ToListAsync(ct);
        foreach (var consent in active.Where(c => !wanted.Contains(c.BodyUserId)))
        {
            consent.WithdrawnAt = now;
        }
        foreach (var body in wanted.Where(b => active.All(c => c.BodyUserId != b)))
        {
            db.Set<ShareConsent>().Add(new ShareConsent { Id = Guid.NewGuid(), UserId = userId, BodyUserId = body, GrantedAt = now });
        }
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<IReadOnlyList<ConsentError>> GrantShareAsync(Guid userId, Guid bodyUserId, CancellationToken ct)
    {
        var current = await ActiveBodiesAsync(userId, ct);
        return current.Contains(bodyUserId) ? [] : await SetSharingAsync(userId, [.. current, bodyUserId], ct);
    }

    public async Task WithdrawShareAsync(Guid userId, Guid bodyUserId, CancellationToken ct)
    {
        var current = await ActiveBodiesAsync(userId, ct);
        if (current.Remove(bodyUserId))
        {
            await SetSharingAsync(userId, current, ct);
        }
    }

    /// <summary>Consent for both reporting targets and the identifiers they need, validated and saved together.</summary>
    public async Task<IReadOnlyList<ConsentError>> SetReportingAsync(Guid userId, ReportingChoices choices, CancellationToken ct)
    {
        var errors = new List<ConsentError>();
        var mmdd = string.IsNullOrWhiteSpace(choices.BirthMonthDay) ? null : choices.BirthMonthDay.Trim().Replace("/", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var npi = string.IsNullOrWhiteSpace(choices.Npi) ? null : choices.Npi.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (mmdd is not null && !IsMonthDay(mmdd))
        {
            errors.Add(new ConsentError("BirthMonthDay", "Enter your month and day of birth as four digits, month first: for example 0704 for July 4."));
        }
        if (npi is not null && !IsValidNpi(npi))
        {
            errors.Add(new ConsentError("Npi", "An NPI is 10 digits and its last digit is a check digit. This number does not check out: look for a typo."));
        }
        if (choices.Pars && mmdd is null && errors.All(e => e.Field != "BirthMonthDay"))
        {
            errors.Add(new ConsentError("BirthMonthDay", "ACCME (PARS) needs your month and day of birth to match your record. Enter it, or leave PARS reporting off."));
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetUtcNow();
        var profile = await db.Set<ReportingProfile>().SingleOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null)
        {
            profile = new ReportingProfile { UserId = userId };
            db.Set<ReportingProfile>().Add(profile);
        }
        (profile.BirthMonthDay, profile.Npi, profile.UpdatedAt) = (mmdd, npi, now);

        var active = await db.Set<ReportingConsent>().Where(c => c.UserId == userId && c.WithdrawnAt == null).ToListAsync(ct);
        foreach (var (target, wanted) in new[] { (ReportingTargets.CeBroker, choices.CeBroker), (ReportingTargets.Pars, choices.Pars) })
        {
            var current = active.SingleOrDefault(c => c.Target == target);
            if (wanted && current is null)
            {
                db.Set<ReportingConsent>().Add(new ReportingConsent { Id = Guid.NewGuid(), UserId = userId, Target = target, GrantedAt = now });
            }
            else if (!wanted && current is not null)
            {
                current.WithdrawnAt = now;
            }
        }
        await db.SaveChangesAsync(ct);
        return [];
    }

    private async Task<List<Guid>> ActiveBodiesAsync(Guid userId, CancellationToken ct) =>
        await db.Set<ShareConsent>().Where(c => c.UserId == userId && c.WithdrawnAt == null).Select(c => c.BodyUserId).ToListAsync(ct);

    private async Task<List<Guid>> BodyIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await db.UserRoles.Where(ur => ids.Contains(ur.UserId) && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.CredentialingBody))
            .Select(ur => ur.UserId).Distinct().ToListAsync(ct);

    public static bool IsMonthDay(string value)
    {
        if (value.Length != 4 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        var month = int.Parse(value[..2], System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(value[2..], System.Globalization.CultureInfo.InvariantCulture);
        // 2000 is a leap year, so 0229 is accepted.
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000, month);
    }

    /// <summary>CMS NPI check digit: Luhn over "80840" followed by the first nine digits.</summary>
    public static bool IsValidNpi(string value)
    {
        if (value.Length != 10 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        var digits = "80840" + value[..9];
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            // Double every second digit counting from the right of the payload (the check digit is not in it).
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        var check = (10 - sum % 10) % 10;
        return check == value[9] - '0';
    }
}
