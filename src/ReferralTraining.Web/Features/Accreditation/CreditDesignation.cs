namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>One credit type the version offers: the hours designated, for which professions, and the accreditor's statement.</summary>
public sealed record CreditDesignation(string TypeId, string Name, decimal Hours, string Unit, IReadOnlyList<string> Professions, string? Accreditor, string Statement);
