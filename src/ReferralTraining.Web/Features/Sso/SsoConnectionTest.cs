namespace ReferralTraining.Web.Features.Sso;

/// <summary>The result of "Test connection": the outcome and a sentence for the person setting it up.</summary>
public sealed record SsoConnectionTest(SsoConnectionTestOutcome Outcome, string Message)
{
    public bool Ok => Outcome == SsoConnectionTestOutcome.Reachable;
}
