using System.Globalization;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// The IANA zones offered in the profile (any valid IANA id is accepted) and the one way the UI shows a zone, a date
/// and a moment: the zone's common name ("Central Time", never "America/Chicago" or "Central Standard Time"),
/// "December 5, 2026" and "December 5, 2026, 2:14 PM Central Time". Certificates use the same forms (ADR-018).
/// </summary>
public static class TimeZones
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The profile's choices: IANA id as the value, common name as the label.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Common =
    [
        ("America/New_York", "Eastern Time"),
        ("America/Chicago", "Central Time"),
        ("America/Denver", "Mountain Time"),
        ("America/Phoenix", "Mountain Time (Arizona)"),
        ("America/Los_Angeles", "Pacific Time"),
        ("America/Anchorage", "Alaska Time"),
        ("Pacific/Honolulu", "Hawaii Time"),
        ("America/Puerto_Rico", "Atlantic Time"),
        ("Pacific/Guam", "Chamorro Time"),
        ("UTC", "UTC"),
    ];

    private static readonly Dictionary<string, string> CommonNames =
        Common.Append((Id: "Etc/UTC", Label: "UTC")).ToDictionary(z => z.Id, z => z.Label, StringComparer.Ordinal);

    public static bool IsValid(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The zone with this IANA id, or UTC when the id is missing or unknown (dates never fail to render).</summary>
    public static TimeZoneInfo Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The zone's common name, e.g. "Central Time"; never an offset, which changes with daylight saving.</summary>
    public static string CommonName(TimeZoneInfo zone)
    {
        if (CommonNames.TryGetValue(zone.Id, out var name))
        {
            return name;
        }
        // Other zones: the system's name without its "(UTC-06:00)" prefix, then the id.
        var display = System.Text.RegularExpressions.Regex.Replace(zone.DisplayName, @"^\(UTC[^)]*\)\s*", "").Trim();
        return display.Length == 0 ? zone.Id : display;
    }

    public static string CommonName(string? id) => CommonName(Find(id));

    /// <summary>True when a local hour falls in quiet hours [start, end), which may wrap past midnight; equal bounds mean none.</summary>
    public static bool IsQuietHour(int localHour, int start, int end) =>
        start != end && (start < end ? localHour >= start && localHour < end : localHour >= start || localHour < end);

    /// <summary>"December 5, 2026": the one date form of the UI and e-mails.</summary>
    public static string LongDate(DateOnly date) => date.ToString("MMMM d, yyyy", Culture);

    /// <summary>The calendar date of a moment in the zone, as <see cref="LongDate(DateOnly)"/>.</summary>
    public static string LongDate(DateTimeOffset instant, string? timeZoneId) =>
        LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Find(timeZoneId)).DateTime));

    /// <summary>"December 5, 2026, 2:14 PM Central Time": a moment in the reader's zone, named by its common name.</summary>
    public static string Format(DateTimeOffset instant, string? timeZoneId)
    {
        var zone = Find(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return $"{local.ToString("MMMM d, yyyy, h:mm tt", Culture)} {CommonName(zone)}";
    }
}
