using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Email;

/// <summary>One message with one call to action and a footer saying why the person received it.</summary>
public sealed record EmailMessage(
    string To, string ToName, string Subject, string Body, string ActionText, string ActionUrl, string Reason)
{
    /// <summary>Further calls to action (a digest combining several items), listed after the main one.</summary>
    public IReadOnlyList<(string Text, string Url)> Links { get; init; } = [];

    /// <summary>One-click unsubscribe (RFC 8058) for optional mail; sent as List-Unsubscribe headers and a footer link.</summary>
    public string? UnsubscribeUrl { get; init; }

    private string Footer => UnsubscribeUrl is null
        ? "ReferralTraining · change e-mail settings in your profile."
        : "ReferralTraining · stop these follow-up e-mails (account e-mail continues)";

    public string TextBody() =>
        $"{Body}\n\n{ActionText}: {ActionUrl}\n{string.Concat(Links.Select(l => $"{l.Text}: {l.Url}\n"))}\n--\n{Reason}\n{Footer}{(UnsubscribeUrl is null ? "" : $": {UnsubscribeUrl}")}\n";

    public string HtmlBody()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(Subject)}</title></head>
            <body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;background:#ffffff">
            <div style="max-width:560px;margin:0 auto">
            {string.Concat(Body.Split("\n\n").Select(p => $"<p>{E(p).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"))}
            <p style="margin:24px 0"><a href="{E(ActionUrl)}" style="display:inline-block;padding:12px 20px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">{E(ActionText)}</a></p>
            {string.Concat(Links.Select(l => $"<p style=\"margin:16px 0\"><a href=\"{E(l.Url)}\" style=\"color:#0b5cad;font-weight:bold\">{E(l.Text)}</a></p>"))}
            <p style="font-size:14px;color:#4a5560">If the button does not work, paste this address into your browser:<br><span style="word-break:break-all">{E(ActionUrl)}</span></p>
            <hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0">
            <p style="font-size:13px;color:#4a5560">{E(Reason)}<br>{(UnsubscribeUrl is null ? E(Footer) : $"<a href=\"{E(UnsubscribeUrl)}\" style=\"color:#4a5560\">{E(Footer)}</a>")}</p>
            </div></body></html>
            """;
    }
}

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

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> b)
    {
        b.ToTable("outbound_emails");
        b.Property(e => e.To).HasMaxLength(256).IsRequired();
        b.Property(e => e.ToName).HasMaxLength(256);
        b.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        b.Property(e => e.LastError).HasMaxLength(2000);
        b.Property(e => e.ListUnsubscribeUrl).HasMaxLength(1000);
        b.HasIndex(e => e.CreatedAt).HasFilter("\"SentAt\" IS NULL");
    }
}
