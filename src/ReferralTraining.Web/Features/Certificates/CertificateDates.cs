using System.Globalization;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// The one date rule (ADR-018): a certificate's dates are shown in the learner's time zone at the moment of issue,
/// which the certificate document keeps (<see cref="CertificateDocument.TimeZoneId"/>). A later change of the profile's
/// zone does not move a date already printed on a PDF or signed into an Open Badge.
/// </summary>
public static class CertificateDates
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The zone a document's dates are shown in: the one stored at issue, UTC when none (or an unknown id) is stored.</summary>
    public static TimeZoneInfo Zone(CertificateDocument doc) => Accounts.TimeZones.Find(doc.TimeZoneId);

    /// <summary>The zone's common name, e.g. "Central Time" (one rule for the UI and certificates: <see cref="Accounts.TimeZones.CommonName(TimeZoneInfo)"/>).</summary>
    public static string ZoneName(TimeZoneInfo zone) => Accounts.TimeZones.CommonName(zone);

    public static CertificateDate Of(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        local = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond)); // to the second, as printed and signed
        return new CertificateDate(DateOnly.FromDateTime(local.DateTime), local, zone.Id == "Etc/UTC" ? "UTC" : zone.Id, ZoneName(zone));
    }

    /// <summary>The completion date (end of the activity), the date boards ask for.</summary>
    public static CertificateDate Completed(CertificateDocument doc) => Of(doc.ActivityEnd, Zone(doc));

    public static CertificateDate Issued(CertificateDocument doc) => Of(doc.IssuedAt, Zone(doc));

    /// <summary>Another instant of the same certificate (e.g. when it was suspended or revoked), in the zone of its completion date.</summary>
    public static CertificateDate InZoneOf(DateTimeOffset instant, CertificateDate completed) => Of(instant, Accounts.TimeZones.Find(completed.ZoneId));

    /// <summary>Same rule for code that holds only the fields (the multiplexed verification read).</summary>
    public static CertificateDate Completed(DateTimeOffset activityEnd, string? timeZoneId) => Of(activityEnd, Accounts.TimeZones.Find(timeZoneId));
}
