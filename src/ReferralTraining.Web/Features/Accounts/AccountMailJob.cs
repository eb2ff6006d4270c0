namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Account e-mails that the public forms trigger (reset, confirmation again, "you already have an account", lockout).
/// They run as jobs so a form answers in the same time whether or not the address has an account: the lookup, the
/// token and the mail all happen here, off the request path (no enumeration by timing).
/// </summary>
public sealed class AccountMailJob(AccountService accounts)
{
    public Task SendPasswordResetAsync(string email) => accounts.SendPasswordResetIfAllowedAsync(email);

    public Task SendConfirmationAsync(string email) => accounts.SendConfirmationIfUnconfirmedAsync(email);

    public Task SendAlreadyRegisteredAsync(string email) => accounts.SendAlreadyRegisteredAsync(email);

    public Task SendLockedOutAsync(Guid userId) => accounts.SendLockedOutAsync(userId);
}
