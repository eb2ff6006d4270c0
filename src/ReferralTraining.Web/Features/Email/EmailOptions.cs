using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required(ErrorMessage = "Email:FromAddress is required."), EmailAddress(ErrorMessage = "Email:FromAddress must be an e-mail address.")]
    public string FromAddress { get; set; } = "no-reply@referraltraining.local";

    [Required(ErrorMessage = "Email:FromName is required.")]
    public string FromName { get; set; } = "ReferralTraining";

    [Required(ErrorMessage = "Email:Host is required (the SMTP server).")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Email:Port must be a TCP port from 1 to 65535.")]
    public int Port { get; set; } = 2525;

    public bool UseTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }

    [Range(1, 300, ErrorMessage = "Email:TimeoutSeconds must be from 1 to 300.")]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Development only: run an SMTP server inside the app on Host:Port and keep what it receives in a folder.</summary>
    public bool DevMailboxEnabled { get; set; }

    public string DevMailboxFolder { get; set; } = "../../.data/mailbox";

    /// <summary>
    /// When set, messages are written as .eml files to this folder instead of being sent over SMTP (a pickup
    /// directory, as mail servers and the benchmarks use). Leave empty in production.
    /// </summary>
    public string? PickupDirectory { get; set; }

    /// <summary>The e-mail sweep enqueues recorded messages never handed to the job system once they are this old.</summary>
    [Range(1, 3600, ErrorMessage = "Email:SweepAfterSeconds must be from 1 to 3600.")]
    public int SweepAfterSeconds { get; set; } = 30; // with the minutely sweep: mail of a crashed request goes within 90 s (ADR-016)
}
