namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>Which activity this is: the course version, its dates, its format and the credit designated for it.</summary>
public sealed record ActivityIdentity(
    string CourseId, string Title, string Version, string ContentHash, string ActivityType,
    DateOnly? ReleaseDate, DateOnly? ReviewDate, DateOnly? ExpiryDate, DateTimeOffset PublishedAt, int EstimatedMinutes,
    IReadOnlyList<CreditDesignation> CreditDesignations);
