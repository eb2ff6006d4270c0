namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// One file an admin produced for an accreditor (ADR-019): what was selected, the file itself (so it can be downloaded
/// again and audited), the rows it contained and the rows it left out with the reason.
/// </summary>
public sealed class ReportingExport
{
    public Guid Id { get; set; }
    /// <summary><see cref="ReportingTargets"/>.</summary>
    public string Target { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedByUserId { get; set; }
    /// <summary>True for the default selection (every completion not in an earlier export); false for an explicit date range.</summary>
    public bool NotYetReported { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public int RowCount { get; set; }
    public List<SkippedRow> Skipped { get; set; } = [];
}

/// <summary>A row of an export: which certificate and license it reported, and its key (license, course, date).</summary>
public sealed class ReportingExportRow
{
    public long Id { get; set; }
    public Guid ExportId { get; set; }
    public string Target { get; set; } = "";
    /// <summary>What makes two rows the same report, e.g. "FL|RN123|course-number|2026-12-05" (see <see cref="ReportingExports"/>).</summary>
    public string RowKey { get; set; } = "";
    public Guid CertificateId { get; set; }
    public string? LicenseState { get; set; }
    public string? LicenseNumber { get; set; }
    public DateOnly CompletedOn { get; set; }
}

/// <summary>A completion that could not be reported, and why (shown on the page after the export and kept with it).</summary>
public sealed record SkippedRow(string Learner, string? License, string Course, DateOnly Completed, string Reason);
