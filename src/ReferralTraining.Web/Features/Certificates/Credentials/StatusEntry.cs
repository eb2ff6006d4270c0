using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>A <c>credentialStatus</c> entry of type BitstringStatusListEntry, as read from a verified credential.</summary>
public sealed record StatusEntry(string StatusListCredential, int Index, string Purpose);
