using System.Text;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// The words of a follow-up nudge: the same text goes into the e-mail and the in-app notification. Pure functions, so
/// the wording is tested without a database or a job run.
/// </summary>
public static class FollowUpMessages
{
    /// <summary>A commitment in a message; <paramref name="Behavior"/> is its checklist item's wording when it was made from one.</summary>
    public sealed record CommitmentLine(int Number, string PracticeId, string Text, string? Behavior = null, bool AvoidBehavior = false);

    /// <summary>The answers to <see cref="BehaviorQuestion"/>, in the order the form lists them.</summary>
    public static readonly IReadOnlyList<(BehaviorUse Value, string Label)> BehaviorAnswers =
        [(BehaviorUse.Routinely, "Yes, with most patients"), (BehaviorUse.Sometimes, "With some patients"), (BehaviorUse.NotYet, "Not yet")];

    /// <summary>
    /// The follow-up's question about a checklist behavior, the same in the e-mail and on the form. The item's wording
    /// is quoted as the checklist states it, so the question asks about exactly what the scenario scored.
    /// </summary>
    public static string BehaviorQuestion(string behavior, bool avoid, int offsetDays) =>
        $"In the {offsetDays} days since you finished the course, did you {(avoid ? "avoid this" : "do this")} with your patients: \u201c{behavior.Trim()}\u201d?";

    public sealed record CourseText(string Title, IReadOnlyList<PracticeDefinition> Practices);

    /// <summary>One follow-up within a message: its course, its answer link and its text.</summary>
    public sealed record Item(string Title, string Url, string Text);

    public static Item ForFollowUp(CourseText course, IEnumerable<CommitmentLine> commitments, int offsetDays, int sequence, bool isFinal,
        bool reminder, string url)
    {
        var text = new StringBuilder();
        text.Append(reminder ? "A reminder: " : "").Append(offsetDays).Append(" days ago you finished \"").Append(course.Title).Append("\" and committed to:");
        foreach (var c in commitments.OrderBy(c => c.Number))
        {
            text.Append("\n• ").Append(c.Text);
            if (c.Behavior is not null)
            {
                text.Append("\n  ").Append(BehaviorQuestion(c.Behavior, c.AvoidBehavior, offsetDays))
                    .Append(" (").Append(string.Join(" / ", BehaviorAnswers.Select(a => a.Label))).Append(')');
            }
            // A different tip at each follow-up, so the second nudge teaches something the first did not.
            if (PracticeChangeService.TipFor(course.Practices, c.PracticeId, sequence) is { } tip)
            {
                text.Append("\n  Tip: ").Append(tip.Text).Append(" (").Append(tip.ReferenceShort).Append(')');
            }
        }
        text.Append(isFinal ? "\nAnswer this last follow-up to earn your practice-improvement certificate." : "\nTell us how it went: it takes two minutes.");
        return new Item(course.Title, url, text.ToString());
    }

    public static string NotificationSubject(string courseTitle, int offsetDays, bool reminder) =>
        $"{(reminder ? "Reminder: " : "")}{offsetDays}-day follow-up: {courseTitle}";

    /// <summary>One e-mail per person per day: several follow-ups due the same day are combined.</summary>
    public static (string Subject, string Body, string Button) Email(IReadOnlyList<Item> items) => items.Count == 1
        ? ($"How is your practice change going? {items[0].Title}", items[0].Text, "Answer the follow-up")
        : ($"{items.Count} practice follow-ups are ready",
            "Your follow-ups for today, combined in one message:\n\n" + string.Join("\n\n", items.Select(i => i.Text)),
            $"Answer: {items[0].Title}");
}
