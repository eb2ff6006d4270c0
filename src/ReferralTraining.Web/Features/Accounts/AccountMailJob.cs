namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Account e-mails that the public forms trigger (reset, confirmation again, "you already have an account", lockout).
/// They run as jobs so a form answers in the same time whether or not the address has an account: the lookup, the
/// token and the mail all happen here, off the request path (no enumeration by timing).
/// </summary>
public sealed class AccountMailJob(AccountService accounts)
{
    public Task SendPasswordResetAsync(string email, CancellationToken ct) => accounts.SendPasswordResetIfAllowedAsync(email, ct);

    public Task SendConfirmationAsync(string email, CancellationToken ct) => accounts.SendConfirmationIfUnconfirmedAsync(email, ct);

    public Task SendAlreadyRegisteredAsync(string email, CancellationToken ct) => accounts.SendAlreadyRegisteredAsync(email, ct);

    public Task SendLockedOutAsync(Guid userId, CancellationToken ct) => accounts.SendLockedOutAsync(userId, ct);
}
