using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>Reminder schedule (configuration section "Assignments"; documented in README "Assignment reminders").</summary>
public sealed class AssignmentsOptions
{
    public const string Section = "Assignments";

    /// <summary>Days before the due date to send the first reminder.</summary>
    [Range(1, 60)]
    public int ReminderDaysBefore { get; set; } = 7;

    /// <summary>Local hour (0–23, recipient's time zone) at which quiet hours start: nothing is sent from then…</summary>
    [Range(0, 23)]
    public int QuietHoursStart { get; set; } = 21;

    /// <summary>…until this local hour.</summary>
    [Range(0, 23)]
    public int QuietHoursEnd { get; set; } = 8;

    /// <summary>Day of the week on which directors get the overdue digest (their local date).</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Organizations handled per batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

}
