using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>One step of verifying a VC-JWT, with a reason a person can read.</summary>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);
