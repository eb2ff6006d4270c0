using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

public enum StatusState
{
    /// <summary>The bit is 0: not revoked / not suspended.</summary>
    Clear,
    /// <summary>The bit is 1.</summary>
    Set,
    /// <summary>The list could not be read or does not cover the index; the status is unknown.</summary>
    Unknown,
}
