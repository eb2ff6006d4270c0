namespace ReferralTraining.Web.Features.Sso;

/// <summary>An e-mail domain an organization's provider owns. The domain is the key: no two organizations claim one.</summary>
public sealed class SsoDomain
{
    public string Domain { get; set; } = "";
    public Guid OrganizationId { get; set; }
}
