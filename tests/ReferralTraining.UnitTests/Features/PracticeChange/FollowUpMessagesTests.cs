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
    public void ACommitmentFromAChecklistItem_IsAskedAboutThatBehavior_WithTheAnswers()
    {
        CommitmentLine[] lines = [new(1, "unknown", "Call a member with each patient", "Connects the person with a group member during the session"),
            new(2, "unknown", "Stop arguing", "Confronts (argues or labels)", AvoidBehavior: true), new(3, "unknown", "My own change")];

        var item = ForFollowUp(Course, lines, 90, sequence: 1, isFinal: false, reminder: false, "u");

        Assert.Equal("90 days ago you finished \"Intensive referral\" and committed to:\n"
            + "• Call a member with each patient\n"
            + "  In the 90 days since you finished the course, did you do this with your patients: \u201cConnects the person with a group member during the session\u201d? (Yes, with most patients / With some patients / Not yet)\n"
            + "• Stop arguing\n"
            + "  In the 90 days since you finished the course, did you avoid this with your patients: \u201cConfronts (argues or labels)\u201d? (Yes, with most patients / With some patients / Not yet)\n"
            + "• My own change\n"
            + "Tell us how it went: it takes two minutes.", item.Text);
        Assert.Equal([BehaviorUse.Routinely, BehaviorUse.Sometimes, BehaviorUse.NotYet], BehaviorAnswers.Select(a => a.Value));
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
