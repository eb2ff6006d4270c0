namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A kind of CE credit the course offers, how much, and to which professions (empty: all).</summary>
public sealed record CreditOffer(string Type, decimal Hours, IReadOnlyList<string> Professions);
