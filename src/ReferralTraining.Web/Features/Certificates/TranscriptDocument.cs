namespace ReferralTraining.Web.Features.Certificates;

public sealed record TranscriptDocument(
    string HolderName, IReadOnlyList<LicenseLine> Licenses, DateOnly? From, DateOnly? To, string TimeZoneId,
    IReadOnlyList<TranscriptLine> Lines, string ProviderName, string ProviderUrl, DateTimeOffset GeneratedAt);
