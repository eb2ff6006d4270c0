namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>A converted question whose GIFT weights were replaced by quiz.md's scoring rule. <see cref="Line"/> is 1-based.</summary>
public sealed record WeightChange(string Id, int Line, string Change)
{
    public override string ToString() => $"line {Line}: weights changed in '{Id}': {Change}";
}
