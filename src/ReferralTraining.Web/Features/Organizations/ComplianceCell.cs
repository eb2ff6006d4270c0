using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>One person × course: the current due date, status, and the completion that satisfied it.</summary>
public sealed record ComplianceCell(string CourseId, DateOnly DueDate, ComplianceStatus Status, DateOnly? CompletedOn, int? Score, Guid AssignmentId)
{
    /// <summary>The text shown on screen and written to the CSV: one function, so both always agree.</summary>
    public string Text => Status switch
    {
        ComplianceStatus.Completed => $"Completed {(CompletedOn is { } on ? Accounts.TimeZones.LongDate(on) : "")}{(Score is null ? "" : $" (score {Score}%)")}",
        ComplianceStatus.Overdue => $"Overdue (due {Accounts.TimeZones.LongDate(DueDate)})",
        ComplianceStatus.InProgress => $"In progress (due {Accounts.TimeZones.LongDate(DueDate)})",
        _ => $"Not started (due {Accounts.TimeZones.LongDate(DueDate)})",
    };
}
