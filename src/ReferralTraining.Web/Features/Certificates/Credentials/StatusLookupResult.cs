using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

public sealed record StatusLookupResult(StatusState State, string? Reason = null)
{
    public static StatusLookupResult Clear { get; } = new(StatusState.Clear);

    public static StatusLookupResult Set { get; } = new(StatusState.Set);

    public static StatusLookupResult Unknown(string reason) => new(StatusState.Unknown, reason);
}
