namespace ReferralTraining.Web.Features.Sso;

/// <summary>What "Test connection" found at the issuer.</summary>
public enum SsoConnectionTestOutcome
{
    Reachable,
    InvalidIssuer,
    Unreachable,
    TimedOut,
    NotADiscoveryDocument,
    IssuerMismatch,
    NoKeys,
}
