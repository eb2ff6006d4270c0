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
