using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Commitments to change practice are written on the course evaluation, but the practice-change area owns them and
/// their follow-up schedule. It implements this, so the evaluation can take them without Certificates depending on
/// PracticeChange (which depends on Certificates for its claims): ADR-023.
/// </summary>
public interface IEvaluationCommitments
{
    /// <summary>Errors keyed by the evaluation form's field names; none when the course asks for no commitments.</summary>
    IReadOnlyList<FieldError> Validate(IReadOnlyList<PracticeDefinition> practices, IReadOnlyList<CommitmentInput>? inputs);

    /// <summary>
    /// <see cref="Validate"/> plus the checks that need this person's data: a commitment made from a checklist item
    /// must name an item this person missed in the course's practice scenarios.
    /// </summary>
    Task<IReadOnlyList<FieldError>> ValidateAsync(Guid userId, string courseId, IReadOnlyList<PracticeDefinition> practices, IReadOnlyList<CommitmentInput>? inputs, CancellationToken ct);

    /// <summary>Saves the commitments and their follow-ups. Runs inside the caller's transaction, with the evaluation.</summary>
    Task SaveAsync(EvaluationContext evaluation, IReadOnlyList<CommitmentInput> inputs, CancellationToken ct);
}
