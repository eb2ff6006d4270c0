namespace ReferralTraining.Web.Features.Accounts;

/// <summary>The IANA zones offered in the profile; any valid IANA id is accepted.</summary>
public static class TimeZones
{
    public static readonly IReadOnlyList<(string Id, string Label)> Common =
    [
        ("America/New_York", "Eastern (New York)"),
        ("America/Chicago", "Central (Chicago)"),
        ("America/Denver", "Mountain (Denver)"),
        ("America/Phoenix", "Mountain, no DST (Phoenix)"),
        ("America/Los_Angeles", "Pacific (Los Angeles)"),
        ("America/Anchorage", "Alaska (Anchorage)"),
        ("Pacific/Honolulu", "Hawaii (Honolulu)"),
        ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
        ("Pacific/Guam", "Chamorro (Guam)"),
        ("UTC", "UTC"),
    ];

    public static bool IsValid(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The zone with this IANA id, or UTC when the id is missing or unknown (dates never fail to render).</summary>
    public static TimeZoneInfo Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>True when a local hour falls in quiet hours [start, end), which may wrap past midnight; equal bounds mean none.</summary>
    public static bool IsQuietHour(int localHour, int start, int end) =>
        start != end && (start < end ? localHour >= start && localHour < end : localHour >= start || localHour < end);

    public static string Format(DateTimeOffset instant, string timeZoneId)
    {
        var zone = Find(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var abbreviation = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        return $"{local:MMM d, yyyy h:mm tt} ({abbreviation})";
    }
}
