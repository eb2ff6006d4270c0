namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A practical tip for putting a practice into effect, drawn from the course and citing its source.</summary>
public sealed record PracticeTip(string Text, string ReferenceId, string ReferenceShort);
