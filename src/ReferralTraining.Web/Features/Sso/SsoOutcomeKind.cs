namespace ReferralTraining.Web.Features.Sso;

public enum SsoOutcomeKind
{
    SignedIn,
    TwoFactorRequired,
    /// <summary>An account with the asserted address exists and is not linked: its owner must prove it first.</summary>
    LinkRequired,
    Refused,
}
