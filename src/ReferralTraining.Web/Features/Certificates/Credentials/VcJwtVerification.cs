using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// The outcome of <see cref="VcJwt.VerifyAsync"/>. <see cref="Valid"/> is true only when every check ran and passed.
/// <see cref="Credential"/> is set only once the signature has verified, so unverified content is never shown.
/// </summary>
public sealed record VcJwtVerification(bool Valid, IReadOnlyList<VerificationCheck> Checks, JsonObject? Header, JsonObject? Credential)
{
    /// <summary>One word for the result, the same words as the code API: valid, revoked, suspended, or invalid.</summary>
    public CredentialOutcome Outcome { get; init; } = Valid ? CredentialOutcome.Valid : CredentialOutcome.Invalid;

    /// <summary>The input was not a compact JWS at all (as opposed to a JWS that fails a check).</summary>
    public bool IsMalformed => Checks.Any(c => c.Name == VerificationChecks.Token && !c.Passed);

    public VerificationCheck? Find(string name) => Checks.FirstOrDefault(c => c.Name == name);
}
