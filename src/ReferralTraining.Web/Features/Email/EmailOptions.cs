using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@referraltraining.local";

    [Required]
    public string FromName { get; set; } = "ReferralTraining";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    public bool UseTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Development only: run an SMTP server inside the app on Host:Port and keep what it receives in a folder.</summary>
    public bool DevMailboxEnabled { get; set; }

    public string DevMailboxFolder { get; set; } = "../../.data/mailbox";
}
