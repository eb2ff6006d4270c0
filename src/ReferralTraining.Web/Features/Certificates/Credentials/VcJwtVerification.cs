using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>One step of verifying a VC-JWT, with a reason a person can read.</summary>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);

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

public enum CredentialOutcome { Valid, Invalid, Revoked, Suspended }

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

/// <summary>A <c>credentialStatus</c> entry of type BitstringStatusListEntry, as read from a verified credential.</summary>
public sealed record StatusEntry(string StatusListCredential, int Index, string Purpose);

public enum StatusState
{
    /// <summary>The bit is 0: not revoked / not suspended.</summary>
    Clear,
    /// <summary>The bit is 1.</summary>
    Set,
    /// <summary>The list could not be read or does not cover the index; the status is unknown.</summary>
    Unknown,
}

public sealed record StatusLookupResult(StatusState State, string? Reason = null)
{
    public static StatusLookupResult Clear { get; } = new(StatusState.Clear);

    public static StatusLookupResult Set { get; } = new(StatusState.Set);

    public static StatusLookupResult Unknown(string reason) => new(StatusState.Unknown, reason);
}

/// <summary>Answers whether a status bit is set. Must not trust lists the issuer did not publish.</summary>
public delegate ValueTask<StatusLookupResult> CredentialStatusLookup(StatusEntry entry, CancellationToken ct);
