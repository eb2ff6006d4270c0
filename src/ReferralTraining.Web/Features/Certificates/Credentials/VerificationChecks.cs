using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>Names of the checks, in the order they run.</summary>
public static class VerificationChecks
{
    public const string Token = "token";
    public const string Algorithm = "algorithm";
    public const string Header = "header";
    public const string Key = "key";
    public const string Signature = "signature";
    public const string Credential = "credential";
    public const string Claims = "claims";
    public const string ValidityPeriod = "validity-period";
    public const string Status = "status";
}
