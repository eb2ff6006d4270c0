using System.Globalization;
using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>A certificate's completion date in the zone the certificate was issued in (ADR-018).</summary>
/// <param name="Date">The calendar date in that zone.</param>
/// <param name="Local">The completion instant with that zone's offset at the time.</param>
/// <param name="ZoneId">IANA id, e.g. "America/Chicago".</param>
/// <param name="ZoneName">Common name, e.g. "Central Time".</param>
public sealed record CertificateDate(DateOnly Date, DateTimeOffset Local, string ZoneId, string ZoneName)
{
    /// <summary>"December 5, 2026 (Central Time)": the form every page, PDF and export shows.</summary>
    [JsonIgnore]
    public string Long => $"{LongDate} ({ZoneName})";

    /// <summary>"December 5, 2026", for where the zone is named once nearby.</summary>
    [JsonIgnore]
    public string LongDate => Date.ToString("MMMM d, yyyy", CertificateDates.Culture);

    /// <summary>"2026-12-05".</summary>
    [JsonIgnore]
    public string IsoDate => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 date-time with the zone's offset, to the second: "2026-12-05T18:30:00-06:00".</summary>
    [JsonIgnore]
    public string IsoDateTime => Local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
