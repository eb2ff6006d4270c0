using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

public enum CredentialOutcome { Valid, Invalid, Revoked, Suspended }
