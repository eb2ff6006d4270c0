namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A problem in content, located precisely enough for an author to fix it.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
