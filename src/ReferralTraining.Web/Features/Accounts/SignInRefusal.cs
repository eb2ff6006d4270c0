namespace ReferralTraining.Web.Features.Accounts;

/// <summary>Why <see cref="SignInThrottle"/> did not admit a sign-in.</summary>
public enum SignInRefusal
{
    None = 0,
    /// <summary>A line is full (the address's or the password checks'): 503, try again after the stated wait.</summary>
    Busy = 1,
    /// <summary>Too many failed sign-ins from this address lately: 429.</summary>
    TooManyFailures = 2,
}
