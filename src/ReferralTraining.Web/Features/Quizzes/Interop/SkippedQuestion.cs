using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>A question a conversion left out, and why. <see cref="Line"/> is 1-based in the source file.</summary>
public sealed record SkippedQuestion(string Name, int Line, string Reason)
{
    public override string ToString() => $"line {Line}: skipped '{Name}': {Reason}";
}
