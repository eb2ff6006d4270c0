using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Pages.Dev;

/// <summary>Development only: what the in-app SMTP server received, with the links made clickable.</summary>
public sealed partial class MailboxModel(DevMailbox mailbox, IOptions<EmailOptions> options, IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<DevMailboxEntry> Messages { get; private set; } = [];

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    public static partial Regex LinkPattern();

    public IActionResult OnGet()
    {
        if (!environment.IsDevelopment() || !options.Value.DevMailboxEnabled)
        {
            return NotFound();
        }
        Messages = mailbox.List();
        return Page();
    }
}
