namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// The documented seat-time method (docs/authoring.md): reading at 200 words per minute plus 1.5 minutes
/// per quiz question drawn, each part rounded up.
/// </summary>
public static class SeatTime
{
    public const int WordsPerMinute = 200;
    public const decimal MinutesPerQuestion = 1.5m;

    public static int Minutes(int words, int questionsDrawn) =>
        (int)Math.Ceiling(words / (decimal)WordsPerMinute) + (int)Math.Ceiling(questionsDrawn * MinutesPerQuestion);
}
