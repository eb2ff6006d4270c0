using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Email;

/// <summary>An e-mail recorded before it is sent, so the intent survives a mail-server outage or a crash.</summary>
public sealed class OutboundEmail
{
    public Guid Id { get; set; }
    public string To { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EnqueuedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>RFC 8058 one-click unsubscribe target for optional mail (nudges); null for account mail.</summary>
    public string? ListUnsubscribeUrl { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
