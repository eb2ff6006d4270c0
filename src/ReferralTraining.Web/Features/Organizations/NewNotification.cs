namespace ReferralTraining.Web.Features.Organizations;

/// <summary>An in-app notification to write; long text is cut to the column sizes by <see cref="NotificationService"/>.</summary>
public sealed record NewNotification(Guid UserId, string Subject, string Body, string? Link);
