using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.PracticeChange;
using static ReferralTraining.Web.Features.PracticeChange.FollowUpMessages;

namespace ReferralTraining.UnitTests.Features.PracticeChange;

public sealed class FollowUpMessagesTests
{
    private static readonly CourseText Course = new("Intensive referral", [
        new PracticeDefinition("ask-permission", "Ask permission", [new PracticeTip("Ask before suggesting a group.", "ref-1", "Timko 2006"),
            new PracticeTip("Name two meetings.", "ref-2", "Kelly 2020")]),
    ]);

    private static readonly CommitmentLine[] Commitments = [new(2, "ask-permission", "Second change"), new(1, "unknown", "First change")];

    [Fact]
    public void ANudge_ListsCommitmentsInOrder_WithTheTipForThisFollowUp()
    {
        var item = ForFollowUp(Course, Commitments, 30, sequence: 1, isFinal: false, reminder: false, "https://x.example/follow-up/t");

        Assert.Equal("30 days ago you finished \"Intensive referral\" and committed to:\n• First change\n• Second change\n"
            + "  Tip: Name two meetings. (Kelly 2020)\nTell us how it went: it takes two minutes.", item.Text);
        Assert.Equal("https://x.example/follow-up/t", item.Url);
    }

    [Fact]
    public void TheFinalReminder_SaysSoAndNamesTheCertificate()
    {
        var item = ForFollowUp(Course, Commitments.Take(1), 90, sequence: 2, isFinal: true, reminder: true, "u");

        Assert.StartsWith("A reminder: 90 days ago", item.Text, StringComparison.Ordinal);
        Assert.Contains("Tip: Ask before suggesting a group. (Timko 2006)", item.Text, StringComparison.Ordinal);
        Assert.EndsWith("Answer this last follow-up to earn your practice-improvement certificate.", item.Text, StringComparison.Ordinal);
        Assert.Equal("Reminder: 90-day follow-up: Intensive referral", NotificationSubject("Intensive referral", 90, reminder: true));
    }

    [Fact]
    public void SeveralFollowUpsOnOneDay_AreOneEmail()
    {
        var one = new Item("A", "u1", "text A");
        var two = new Item("B", "u2", "text B");

        Assert.Equal(("How is your practice change going? A", "text A", "Answer the follow-up"), Email([one]));
        var (subject, body, button) = Email([one, two]);
        Assert.Equal("2 practice follow-ups are ready", subject);
        Assert.Equal("Your follow-ups for today, combined in one message:\n\ntext A\n\ntext B", body);
        Assert.Equal("Answer: A", button);
    }
}
