using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using Hangfire;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>All writes to accounts and profiles go through here: pages, API and jobs share the rules.</summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    AppDbContext db,
    EmailService email,
    SecurityAuditLog audit,
    UserSessions sessions,
    TimeProvider clock,
    PublicLinks links,
    IBackgroundJobClient jobs,
    ILogger<AccountService> logger)
{
    public const int MaxLicenses = 10;

    /// <summary>
    /// Creates a clinician account and queues the confirmation e-mail. Nothing is written if any rule fails. An address
    /// that already has an account gets the same answer (no account enumeration, ASVS 6.3.8): its owner is told by
    /// e-mail instead, and a password hash is computed anyway so the answer takes as long as a real registration.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> RegisterAsync(RegistrationRequest request, CancellationToken ct)
    {
        var user = new AppUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            GivenName = request.GivenName.Trim(),
            MiddleName = Blank(request.MiddleName),
            FamilyName = request.FamilyName.Trim(),
            Suffix = Blank(request.Suffix),
            CreatedAt = clock.GetUtcNow(),
        };

        var errors = new List<FieldError>();
        PersonNames.Validate(errors, user.GivenName, user.MiddleName, user.FamilyName, user.Suffix);
        // Check the password first so a weak password never leaves a half-created account behind.
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, request.Password);
            errors.AddRange(result.Errors.Select(e => new FieldError(nameof(request.Password), e.Description)));
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        if (await users.FindByEmailAsync(user.Email) is not null)
        {
            users.PasswordHasher.HashPassword(user, request.Password); // same cost as creating the account
            EnqueueAccountMail(job => job.SendAlreadyRegisteredAsync(user.Email, CancellationToken.None));
            return [];
        }
        ct.ThrowIfCancellationRequested(); // Identity's writes below run to the end once begun (ADR-026)
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                // Registered by a concurrent request a moment ago: answer as for any taken address.
                EnqueueAccountMail(job => job.SendAlreadyRegisteredAsync(user.Email, CancellationToken.None));
                return [];
            }
            return created.Errors.Select(e => new FieldError(
                e.Code is "InvalidEmail" or "InvalidUserName" ? nameof(request.Email) : "", e.Description))
                .DistinctBy(e => e.Message).ToList();
        }
        var role = await users.AddToRoleAsync(user, Roles.Clinician);
        if (!role.Succeeded)
        {
            // Never leave an account without its role behind.
            await users.DeleteAsync(user);
            throw new InvalidOperationException($"Could not assign the {Roles.Clinician} role: {string.Join("; ", role.Errors.Select(e => e.Description))}");
        }
        // The e-mail is recorded in our own table first, then sent by a job: a slow or failing
        // mail server never blocks this page (see Features/Email). The account exists now, so its mail is recorded even if
        // the request is going away.
        await QueueConfirmationAsync(user, CancellationToken.None);
        return [];
    }

    /// <summary>Same answer and timing whether or not the account exists: the lookup and the mail happen in a job.</summary>
    public void ResendConfirmation(string emailAddress) =>
        EnqueueAccountMail(job => job.SendConfirmationAsync(emailAddress.Trim(), CancellationToken.None));

    /// <summary>Same answer and timing whether or not the account exists: the lookup and the mail happen in a job.</summary>
    public void RequestPasswordReset(string emailAddress) =>
        EnqueueAccountMail(job => job.SendPasswordResetAsync(emailAddress.Trim(), CancellationToken.None));

    private void EnqueueAccountMail(System.Linq.Expressions.Expression<Func<AccountMailJob, Task>> call)
    {
        try
        {
            jobs.Enqueue(call);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The page answers the same either way; the person can ask again.
            logger.LogWarning(ex, "Could not enqueue an account e-mail");
        }
    }

    /// <summary>Confirmation link for an account that is not confirmed yet (none for disabled or confirmed ones).</summary>
    internal async Task SendConfirmationIfUnconfirmedAsync(string emailAddress, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(emailAddress);
        if (user is null || user.EmailConfirmed || IsDisabled(user))
        {
            return;
        }
        await QueueConfirmationAsync(user, ct);
    }

    internal async Task SendPasswordResetIfAllowedAsync(string emailAddress, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(emailAddress);
        // A disabled account gets no reset mail: only an admin can enable it again.
        if (user is null || !user.EmailConfirmed || IsDisabled(user))
        {
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await email.QueueAsync(new EmailMessage(
            user.Email!, user.DisplayName,
            "Reset your ReferralTraining password",
            $"Someone asked to reset the password for {user.Email}. If it was you, choose a new password with the button below. The link works once and expires in one day. If it was not you, ignore this e-mail: your password has not changed.",
            "Choose a new password", links.ResetPassword(user.Email!, token),
            "You received this because a password reset was requested for your ReferralTraining account."), ct);
    }

    internal async Task SendAlreadyRegisteredAsync(string emailAddress, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(emailAddress);
        if (user is null || IsDisabled(user))
        {
            return;
        }
        if (!user.EmailConfirmed)
        {
            await QueueConfirmationAsync(user, ct);
            return;
        }
        await email.QueueAsync(new EmailMessage(
            user.Email!, user.DisplayName,
            "You already have a ReferralTraining account",
            $"Someone tried to create a new ReferralTraining account with {user.Email}, which already has one. If it was you, sign in with your password, or choose a new one if you have forgotten it. If it was not you, ignore this e-mail: nothing has changed.",
            "Sign in", links.SignIn(),
            "You received this because someone tried to register this address.")
        {
            Links = [("Forgot your password?", links.ForgotPassword())],
        }, ct);
    }

    /// <summary>Told to the owner, not to whoever typed the address on the sign-in page (no enumeration there).</summary>
    internal async Task SendLockedOutAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user?.Email is null || !user.EmailConfirmed || IsDisabled(user) || user.LockoutEnd is not { } until)
        {
            return;
        }
        var minutes = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes));
        await email.QueueAsync(new EmailMessage(
            user.Email, user.DisplayName,
            "Your ReferralTraining account is locked for a few minutes",
            $"There were too many unsuccessful sign-ins to {user.Email}, so sign-in is paused for about {minutes} minutes. If it was you, wait and try again, or choose a new password (that also ends the pause). If it was not you, someone may be guessing your password: choose a new, unique one.",
            "Choose a new password", links.ForgotPassword(),
            "You received this because of failed sign-ins to your ReferralTraining account."), ct);
    }

    public async Task<IReadOnlyList<FieldError>> UpdateProfileAsync(Guid userId, ProfileUpdate update, CancellationToken ct)
    {
        var errors = ValidateProfile(update);
        if (errors.Count > 0)
        {
            return errors;
        }
        var user = await db.Users.Include(u => u.Licenses).SingleAsync(u => u.Id == userId, ct);
        user.GivenName = update.GivenName.Trim();
        user.MiddleName = Blank(update.MiddleName);
        user.FamilyName = update.FamilyName.Trim();
        user.Suffix = Blank(update.Suffix);
        user.Profession = update.Profession;
        user.ProfessionOther = update.Profession == Profession.Other ? Blank(update.ProfessionOther) : null;
        user.TimeZoneId = update.TimeZoneId;

        // Replace the license list as a whole; kept rows keep their ids.
        var wanted = update.Licenses.Select(l => (Authority: l.IssuingAuthority.Trim(), Number: l.Number.Trim())).ToList();
        user.Licenses.RemoveAll(l => !wanted.Contains((l.IssuingAuthority, l.Number)));
        foreach (var (authority, number) in wanted)
        {
            if (!user.Licenses.Any(l => l.IssuingAuthority == authority && l.Number == number))
            {
                // Added through the set: a new row with a client-set key must not be mistaken for an existing one.
                db.Licenses.Add(new License { Id = Guid.NewGuid(), UserId = user.Id, IssuingAuthority = authority, Number = number });
            }
        }
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// Disables an account: sign-in is refused (lockout until the end of time) and the security stamp changes,
    /// so every existing session ends at its next check. API keys of a disabled account stop working too.
    /// </summary>
    /// <summary>An admin's reason for a change to someone's account: 5 to 300 characters, kept in the security log.</summary>
    public static FieldError? ReasonProblem(string? reason) =>
        (reason?.Trim() ?? "").Length is < 5 or > 300 ? new FieldError("Reason", "Give a reason of 5 to 300 characters; it is kept in the security log.") : null;

    /// <summary>The checks of <see cref="DisableAsync"/> that need no database, also run before the disabling is confirmed.</summary>
    public static IReadOnlyList<FieldError> DisableProblems(Guid userId, Guid actorId, string? reason) =>
        ReasonProblem(reason) is { } problem ? [problem]
        : userId == actorId ? [new FieldError("", "You cannot disable your own account; ask another admin.")]
        : [];

    public async Task<IReadOnlyList<FieldError>> DisableAsync(Guid userId, Guid actorId, string? reason, CancellationToken ct)
    {
        var why = reason?.Trim() ?? "";
        if (DisableProblems(userId, actorId, reason) is { Count: > 0 } problems)
        {
            return problems;
        }
        ct.ThrowIfCancellationRequested(); // Identity's writes below run to the end once begun (ADR-026)
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return [new FieldError("", "That account no longer exists.")];
        }
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        // The account is disabled now: its sessions end too, whether or not the admin's request is still there.
        await sessions.EndAllAsync(user.Id, null, CancellationToken.None);
        await audit.RecordAsync(SecurityEventKind.AccountDisabled, user.Id, user.Email, why);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> EnableAsync(Guid userId, string? reason, CancellationToken ct)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length is < 5 or > 300)
        {
            return [new FieldError("Reason", "Give a reason of 5 to 300 characters; it is kept in the security log.")];
        }
        ct.ThrowIfCancellationRequested(); // Identity's writes below run to the end once begun (ADR-026)
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return [new FieldError("", "That account no longer exists.")];
        }
        await ((AuditingUserManager)users).EnableAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(SecurityEventKind.AccountEnabled, user.Id, user.Email, why);
        return [];
    }

    /// <summary>
    /// After an admin has confirmed who is asking (a lost phone without recovery codes): turns two-step sign-in
    /// off and replaces the key. Privileged people must enroll again at their next sign-in; sessions end.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> ResetTwoFactorAsync(Guid userId, Guid actorId, string? reason, CancellationToken ct)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length is < 5 or > 300)
        {
            return [new FieldError("Reason", "Give a reason of 5 to 300 characters; it is kept in the security log.")];
        }
        if (userId == actorId)
        {
            return [new FieldError("", "You cannot reset your own two-step sign-in; ask another admin.")];
        }
        ct.ThrowIfCancellationRequested(); // Identity's writes below run to the end once begun (ADR-026)
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return [new FieldError("", "That account no longer exists.")];
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // also changes the security stamp
        await audit.RecordAsync(SecurityEventKind.TwoFactorReset, user.Id, user.Email, why);
        return [];
    }

    /// <summary>Ends every session of the account (at its next check, within a minute).</summary>
    /// <summary>Ends every session of the account (a new security stamp), except <paramref name="keep"/>, which the caller refreshes.</summary>
    public async Task EndSessionsAsync(Guid userId, string detail, Guid? keep, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested(); // Identity's writes below run to the end once begun (ADR-026)
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException($"No account {userId}");
        await users.UpdateSecurityStampAsync(user);
        // The new stamp is saved: the rows must follow, whether or not the request is still there.
        await sessions.EndAllAsync(userId, keep, CancellationToken.None);
        await audit.RecordAsync(SecurityEventKind.SessionsEnded, user.Id, user.Email, detail);
    }

    /// <summary>Disabled (by an admin) rather than temporarily locked after failed sign-ins.</summary>
    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow.AddYears(100);

    public static List<FieldError> ValidateProfile(ProfileUpdate update)
    {
        var errors = new List<FieldError>();
        PersonNames.Validate(errors, update.GivenName, update.MiddleName, update.FamilyName, update.Suffix);
        if (update.Profession is null || !Enum.IsDefined(update.Profession.Value))
        {
            errors.Add(new(nameof(update.Profession), "Choose your profession."));
        }
        else if (update.Profession == Profession.Other && string.IsNullOrWhiteSpace(update.ProfessionOther))
        {
            errors.Add(new(nameof(update.ProfessionOther), "Say which profession, since you chose Other."));
        }
        if (!TimeZones.IsValid(update.TimeZoneId))
        {
            errors.Add(new(nameof(update.TimeZoneId), "Choose a time zone from the list."));
        }
        if (update.Licenses.Count > MaxLicenses)
        {
            errors.Add(new("Licenses", $"You can list up to {MaxLicenses} licenses."));
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < update.Licenses.Count; i++)
        {
            var l = update.Licenses[i];
            var authority = l.IssuingAuthority?.Trim() ?? "";
            var number = l.Number?.Trim() ?? "";
            if (authority.Length is < 2 or > 120)
            {
                errors.Add(new($"Licenses[{i}].IssuingAuthority", "Enter the issuing state or board (2 to 120 characters)."));
            }
            if (number.Length is < 1 or > 40 || !number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ' ' or '/'))
            {
                errors.Add(new($"Licenses[{i}].Number", "Enter the license number using letters, digits, spaces, '-', '.' or '/' (up to 40 characters)."));
            }
            if (!seen.Add((authority.ToUpperInvariant(), number.ToUpperInvariant())))
            {
                errors.Add(new($"Licenses[{i}].Number", "This license is listed twice."));
            }
        }
        return errors;
    }

    /// <summary>
    /// The address is not proven yet, so nothing a stranger typed goes into this mail: no name in the greeting or in the
    /// To header (registration must not send attacker-chosen text to any address).
    /// </summary>
    private async Task QueueConfirmationAsync(AppUser user, CancellationToken ct)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await email.QueueAsync(new EmailMessage(
            user.Email!, "",
            "Confirm your e-mail for ReferralTraining",
            $"Confirm that {user.Email} is your address to finish creating your ReferralTraining account. Then sign in, add your profession and license, and choose a course.",
            "Confirm my e-mail", links.ConfirmEmail(user.Id, token),
            "You received this because someone registered a ReferralTraining account with this address. If it was not you, ignore this e-mail and no account will be activated."), ct);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
