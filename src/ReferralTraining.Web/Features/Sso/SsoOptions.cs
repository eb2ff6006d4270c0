using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Sso;

public sealed class SsoOptions
{
    public const string Section = "Sso";

    /// <summary>
    /// Accept http:// issuers on a loopback address (a provider started by the tests or on a developer's machine).
    /// Off in production: an issuer must be https.
    /// </summary>
    public bool AllowHttpLoopbackIssuers { get; set; }

    /// <summary>How long a provider's discovery document and keys are used before they are fetched again.</summary>
    [Range(1, 1440)]
    public int MetadataMaxAgeMinutes { get; set; } = 60;

    /// <summary>
    /// The shortest time between two forced fetches (a token signed with a key we do not know yet: the provider rotated
    /// its keys). Bounds what forged callbacks can make us fetch.
    /// </summary>
    [Range(0, 3600)]
    public int ForcedRefreshSeconds { get; set; } = 30;

    [Range(1, 60)]
    public int BackchannelTimeoutSeconds { get; set; } = 10;
}
