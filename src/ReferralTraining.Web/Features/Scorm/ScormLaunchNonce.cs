namespace ReferralTraining.Web.Features.Scorm;

/// <summary>A launch's random nonce, kept while its signature is valid, so a copied launch URL cannot be replayed.</summary>
public sealed class ScormLaunchNonce
{
    public string Nonce { get; set; } = "";
    public Guid KeyId { get; set; }
    public DateTimeOffset UsedAt { get; set; }
}
