namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// One question's difficulty (mean credit, 0 to 1: the share answering correctly) and discrimination (correlation of
/// the item with the rest of the test), given only from <see cref="ActivityFileService.MinimumCell"/> answers.
/// </summary>
public sealed record QuestionSummary(string QuestionId, string Objective, string Answers, decimal? Difficulty, decimal? Discrimination);
