namespace ReferralTraining.Web.Features.Certificates;

/// <summary>One line of a transcript (one certificate), for the transcript page and PDF.</summary>
public sealed record TranscriptLine(
    DateTimeOffset CompletedAt, string CourseTitle, string CourseVersion, string CreditTypeName, string CreditUnit,
    decimal Credits, string VerificationCode, string Status, string? CompletedZoneId = null);
