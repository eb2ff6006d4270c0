using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;
using static ReferralTraining.UnitTests.Features.Quizzes.Interop.InteropTestData;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

public sealed class GiftFormatTests
{
    [Fact]
    public void SamplePool_SurvivesExportImportAndQuizMarkdown_ExceptOrderingWhichIsReported()
    {
        var course = QuizTestData.Loader().LoadAll(RepoPaths.FixtureContent).Courses.Single();
        var pool = PortablePool.From(course.Quiz!);

        var export = GiftFormat.Export(pool, "sample-course 1.0.0");
        var skipped = Assert.Single(export.Skipped);
        Assert.Equal(("two-ordering", 49), (skipped.Name, skipped.Line));
        var back = GiftFormat.Import(export.Text);

        Assert.Empty(back.Skipped);
        Assert.Equal(Snapshot(pool with { Questions = pool.Questions.Where(q => q.Type != QuestionType.Ordering).ToList() }), Snapshot(back.Pool));
        var markdown = QuizMarkdownWriter.Write(back.Pool, "obj-one", "smith-2020");
        Assert.Equal(Snapshot(back.Pool), Snapshot(ParseQuizMarkdown(markdown, course.Objectives.Select(o => o.Id), course.References.Select(r => r.Id))));
    }

    [Fact]
    public void Export_WritesMoodleSyntax_WithRtCommentsForWhatGiftCannotSay()
    {
        var text = GiftFormat.Export(PortablePool.From(QuizTestData.FixturePool()), "sample-course 1.0.0").Text;

        Assert.Contains("// [rt] case-text pat: Pat is a test patient who prefers a group without the twelve steps.\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "// [rt] objectives: obj-one\n// [rt] sources: smith-2020\n// [rt] case: pat\n"
            + "::one-single::[markdown]Pat is a test patient who prefers a group without the twelve steps.\\n\\nWhich **first** thing fits Pat?{\n"
            + "\t=The right answer.#Right, because it is the first thing [@smith-2020].\n"
            + "\t~A wrong answer.#Wrong, because it is the second thing.\n", text, StringComparison.Ordinal);
        Assert.Contains("\t####The first thing comes first.\n}\n", text, StringComparison.Ordinal);
        // True/false: the first feedback is what a learner who answers wrongly (False) sees.
        Assert.Contains("::one-true-false::[markdown]The first thing is described in module 1.{TRUE#It is, in module 1.#Yes, module 1 describes it.}\n", text, StringComparison.Ordinal);
        Assert.Contains("// [rt] scoring: partial\n::one-multiple::[markdown]Which two are right?{\n\t~%50%Right A#A is right.\n\t~%50%Right B#B is right.\n\t~%-50%Wrong C#C is wrong.\n", text, StringComparison.Ordinal);
        Assert.Contains("// [rt] scoring: all-or-nothing\n// [rt] keep-order: yes\n::two-multiple-strict::", text, StringComparison.Ordinal);
        Assert.Contains("// [rt] skipped two-ordering: ordering questions have no GIFT equivalent\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Put the steps in order", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "100")]
    [InlineData(3, "33.33333")]
    [InlineData(6, "16.66667")]
    [InlineData(7, "14.28571")]
    public void MultipleWeights_AreEqualSharesMoodleAccepts(int correct, string weight)
    {
        var options = Enumerable.Range(0, 8).Select(i => new PortableOption($"option {i}", i < correct, "")).ToList();
        var question = new PortableQuestion("m", QuestionType.Multiple, [], [], null, false, MultipleScoring.Partial, "Which?", options, "", 1);
        var text = GiftFormat.Export(new PortablePool([], [question]), "x").Text;
        Assert.Contains($"\t~%{weight}%option 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"\t~%-{weight}%option 7\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_BackslashesEverySpecialCharacter_AndWritesLineBreaksAsBackslashN()
    {
        Assert.Equal(@"a\~b\=c\#d\{e\}f\:g\\h\ni", GiftFormat.Escape("a~b=c#d{e}f:g\\h\ni"));
    }

    [Fact]
    public void TextsThatLookLikeGiftSyntax_SurviveTheRoundTrip()
    {
        var question = new PortableQuestion("tricky", QuestionType.Single, ["obj-one"], ["smith-2020"], null, false, MultipleScoring.AllOrNothing,
            "[html] is not a marker here: {really} ~ = #\n\n// not a comment\n$CATEGORY: not a category",
            [
                new PortableOption("%50% of patients", false, "[plain] is text too"),
                new PortableOption("=100% ####", true, "#1 -> T"),
                new PortableOption("ends with a backslash \\", false, "\\n is not a line break"),
            ],
            "general :: with :: colons", 7);
        var back = GiftFormat.Import(GiftFormat.Export(new PortablePool([], [question]), "x").Text);
        Assert.Equal(Snapshot(question), Snapshot(Assert.Single(back.Pool.Questions)));
    }

    [Fact]
    public void MoodleExport_ImportsSupportedTypes_WithHtmlTurnedIntoMarkdown()
    {
        var import = GiftFormat.Import(Gift("moodle-export.gift"));
        Assert.Equal(["who-places-the-call", "tsf-abstinence-goal", "secular-groups", "costs-after-12-step-oriented-treatment"], import.Pool.Questions.Select(q => q.Id));

        var call = import.Pool.Questions[0];
        Assert.Equal((QuestionType.Single, 6), (call.Type, call.Line));
        Assert.Equal("In intensive referral, **who** places the first call to a volunteer member of the group?", call.Stem);
        Assert.Equal([true, false, false], call.Options.Select(o => o.Correct));
        Assert.Equal("The clinician, while the patient is still in the session", call.Options[0].Text);
        Assert.Equal("Right: the call is made during the session, with the patient present.", call.Options[0].Feedback);
        Assert.Equal("", call.Options[2].Feedback);
        Assert.Equal("Intensive referral adds *active linkage* to standard referral.", call.GeneralFeedback);

        // {TRUE#wrong#right}: the first feedback goes to the choice that is wrong (False).
        var tsf = import.Pool.Questions[1];
        Assert.Equal([true, false], tsf.Options.Select(o => o.Correct));
        Assert.Equal("Yes. TSF shares the goal of the groups it facilitates.", tsf.Options[0].Feedback);
        Assert.Equal("It does: TSF follows the 12-step programme's goal of abstinence.", tsf.Options[1].Feedback);

        var secular = import.Pool.Questions[2];
        Assert.Equal((QuestionType.Multiple, MultipleScoring.Partial), (secular.Type, secular.Scoring));
        Assert.Equal([true, true, false, false], secular.Options.Select(o => o.Correct));
        Assert.Equal("Yes: it uses cognitive-behavioural tools (see [smartrecovery.org](https://www.smartrecovery.org)).", secular.Options[0].Feedback);
        Assert.Equal("AA's steps refer to a Higher Power & prayer.", secular.Options[2].Feedback);
        Assert.Equal("Informational parity: present secular and spiritual options alike.", secular.GeneralFeedback);

        var costs = import.Pool.Questions[3];
        Assert.Equal([false, true], costs.Options.Select(o => o.Correct));
        Assert.Equal("Their costs were **lower**, because they relied more on free mutual-help groups.", costs.Options[0].Feedback);
        Assert.Equal("", costs.Options[1].Feedback);

        Assert.Equal(
            [
                "line 26: skipped 'Reflection on a referral': essay question has no quiz.md equivalent",
                "line 31: skipped 'Meetings in the slogan': numerical question has no quiz.md equivalent",
                "line 36: skipped 'Group and programme': matching question has no quiz.md equivalent",
                "line 43: skipped 'Group for families': short-answer question (only '=' answers) has no quiz.md equivalent",
            ],
            import.Skipped.Select(s => s.ToString()));
    }

    [Fact]
    public void HandWrittenFile_ImportsTitlesCommentsMultiLineStemsAndEscapes_AndReportsEveryOtherType()
    {
        var import = GiftFormat.Import(Gift("hand-written.gift"));
        Assert.Equal(["q-1", "steps-in-order-first", "sponsor", "patients-choice", "mandated-meetings", "meeting-list-entry", "involvement-markers"],
            import.Pool.Questions.Select(q => q.Id));
        var questions = import.Pool.Questions.ToDictionary(q => q.Id);

        Assert.Equal(("What does \"informational parity\" mean when you refer a patient to mutual help?", 7), (questions["q-1"].Stem, questions["q-1"].Line));
        var steps = questions["steps-in-order-first"];
        Assert.Equal("Which step of intensive referral\ncomes first?", steps.Stem);
        Assert.Equal([false, true, false], steps.Options.Select(o => o.Correct));
        Assert.Equal("Assess first, then link, then follow up.", steps.GeneralFeedback);

        Assert.Equal(Snapshot(PortableQuestion.TrueFalse("sponsor", "Having a sponsor is one sign of 12-step involvement.", true,
            "", "It is: sponsorship is a common involvement measure.", "", 0)), Snapshot(questions["sponsor"]));
        Assert.Equal([true, false], questions["patients-choice"].Options.Select(o => o.Correct));
        Assert.Equal(Snapshot(PortableQuestion.TrueFalse("mandated-meetings", "A court order may require attendance at 12-step meetings only, with no secular option.", false,
            "Several courts have ruled against mandates with no secular choice.", "Right. Offer a secular alternative.", "Check local rules with your program's legal adviser.", 0)),
            Snapshot(questions["mandated-meetings"]));

        var entry = questions["meeting-list-entry"];
        Assert.Equal("The meeting list reads \"Tue 19:00 {hybrid} room #12 = Step study\". What kind of meeting is it?", entry.Stem);
        Assert.Equal("Right: {hybrid} means both.", entry.Options[0].Feedback);
        Assert.Equal(("A meeting that starts at 12:00", "#12 is the room number; 19:00 is the time."), (entry.Options[2].Text, entry.Options[2].Feedback));
        // Plain GIFT text becomes Markdown that shows it as typed: '~' pairs would be subscript in quiz.md, so it is escaped.
        Assert.Equal(("A meeting where \\~ means \"about\"", "There is no \\~ in the entry."), (entry.Options[3].Text, entry.Options[3].Feedback));

        var involvement = questions["involvement-markers"];
        Assert.Equal("Which of these are signs of 12-step **involvement**, beyond attendance?", involvement.Stem);
        Assert.Equal((QuestionType.Multiple, MultipleScoring.Partial), (involvement.Type, involvement.Scoring));
        Assert.Equal([true, true, true, false], involvement.Options.Select(o => o.Correct));

        Assert.Equal(
            [(47, "short-answer"), (49, "missing-word"), (51, "matching"), (57, "numerical"), (59, "a description"), (61, "essay")],
            import.Skipped.Select(s => (s.Line, new[] { "short-answer", "missing-word", "matching", "numerical", "a description", "essay" }.Single(s.Reason.Contains))));
    }

    [Fact]
    public void ItemBankFile_KeepsMarkdownLineBreaksAndAccents()
    {
        var import = GiftFormat.Import(Gift("item-bank-markdown.gift"));
        Assert.Empty(import.Skipped);
        var questions = import.Pool.Questions.ToDictionary(q => q.Id);
        Assert.Equal(["maaez-aim", "directive-or-motivational", "facilitation-tasks", "accents-que-es-al-anon"], questions.Keys);
        Assert.Equal("Making Alcoholics Anonymous Easier (MAAEZ) is delivered as a series of group sessions.\n\nWhat is its main **aim**?", questions["maaez-aim"].Stem);
        Assert.Equal("To prepare patients for what they will meet at AA, such as *sponsorship* and *spiritual talk*.", questions["maaez-aim"].Options[0].Text);
        Assert.Equal("A counsellor says: \"I'd like you to go to this meeting on Tuesday = here is the address.\"\n\nThis is an example of a **directive** referral.",
            questions["directive-or-motivational"].Stem);
        Assert.Equal("Which tasks belong to a facilitation session?\n\n- Choose **all** that apply.", questions["facilitation-tasks"].Stem);
        Assert.Equal("Para familiares y amigos de una persona que bebe", questions["accents-que-es-al-anon"].Options[0].Text);
    }

    [Theory]
    [InlineData("moodle-export.gift")]
    [InlineData("hand-written.gift")]
    [InlineData("item-bank-markdown.gift")]
    public void RealisticFiles_SurviveImportExportImport_AndQuizMarkdown(string file)
    {
        var first = GiftFormat.Import(Gift(file)).Pool;
        var second = GiftFormat.Import(GiftFormat.Export(first, file).Text);

        Assert.Empty(second.Skipped);
        Assert.Equal(Snapshot(first), Snapshot(second.Pool));
        var markdown = QuizMarkdownWriter.Write(second.Pool, "obj-imported", "ref-imported");
        Assert.Equal(Snapshot(WithDefaults(first, "obj-imported", "ref-imported")), Snapshot(ParseQuizMarkdown(markdown, ["obj-imported"], ["ref-imported"])));
    }

    [Fact]
    public void WindowsLineEndingsAndByteOrderMark_ReadTheSame()
    {
        var text = Gift("hand-written.gift");
        var unix = GiftFormat.Import(text);
        var windows = GiftFormat.Import("\uFEFF" + text.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(Snapshot(unix.Pool), Snapshot(windows.Pool));
        Assert.Equal(unix.Skipped, windows.Skipped);
    }

    [Theory]
    [InlineData("{T#wrong#right}", true, "right", "wrong")]
    [InlineData("{TRUE#wrong}", true, "", "wrong")]
    [InlineData("{F#wrong#right}", false, "wrong", "right")]
    [InlineData("{FALSE##right}", false, "", "right")]
    [InlineData("{false#wrong#right####general}", false, "wrong", "right")]
    public void TrueFalseFeedback_FirstIsForAWrongAnswer_SecondForARightOne(string answers, bool answer, string ifTrue, string ifFalse)
    {
        var question = Assert.Single(GiftFormat.Import("::tf::Statement." + answers).Pool.Questions);
        Assert.Equal(answer, question.Options[0].Correct);
        Assert.Equal((ifTrue, ifFalse), (question.Options[0].Feedback, question.Options[1].Feedback));
    }

    [Theory]
    [InlineData("::essay::Describe it.{}", "essay question")]
    [InlineData("::essay-with-feedback::Describe it.{####Compare with module 2.}", "essay question")]
    [InlineData("::num::How many?{#4:1}", "numerical question")]
    [InlineData("::match::Match them.{=a -> b =c -> d}", "matching question")]
    [InlineData("::short::Name it.{=AA =Alcoholics Anonymous}", "short-answer question")]
    [InlineData("::gap::AA is {=free ~costly} to attend.", "missing-word question")]
    [InlineData("::description::Just some text.", "a description")]
    [InlineData("::open::Which?{=a ~b", "do not pair up")]
    [InlineData("::two-right::Which?{=a =b ~c}", "more than one answer")]
    [InlineData("::half-right::Which?{=a ~%50%b ~c}", "more than one answer")]
    [InlineData("::none-right::Which?{~a ~b ~%-50%c}", "no answer earns credit")]
    [InlineData("::nine::Which?{=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}", "has 9 answer(s); quiz.md questions have 2 to 8")]
    [InlineData("::blank::Which?{=a ~#only feedback}", "an answer has no text")]
    [InlineData("::{=a ~b}", "no question text")]
    public void UnsupportedOrBrokenQuestions_AreSkippedWithReasonAndLine_OthersStillImport(string gift, string reason)
    {
        var import = GiftFormat.Import($"// A comment.\n\n{gift}\n\n::fine::Still imported.{{T}}\n");
        var skip = Assert.Single(import.Skipped);
        Assert.Equal(3, skip.Line);
        Assert.Contains(reason, skip.Reason, StringComparison.Ordinal);
        Assert.Equal(["fine"], import.Pool.Questions.Select(q => q.Id));
    }

    [Fact]
    public void BlankLineInsideAnswers_IsReportedOnBothHalves_NotGuessed()
    {
        var import = GiftFormat.Import("::split::Which?{\n=a\n\n~b\n}\n");
        Assert.Empty(import.Pool.Questions);
        Assert.Equal([1, 4], import.Skipped.Select(s => s.Line));
        Assert.All(import.Skipped, s => Assert.Contains("a blank line ends a question", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Weights_DecideTheType_AndRtScoringRestoresAllOrNothing()
    {
        var import = GiftFormat.Import(
            "::one-box::Which?{~%100%a ~b}\n\n"
            + "::uneven::Which?{~%50%a ~%25%b ~%25%c ~%-100%d}\n\n"
            + "// [rt] scoring: all-or-nothing\n::strict::Which?{~%50%a ~%50%b ~%-50%c}\n\n"
            + "::penalty::Which?{=a ~%-50%b}\n");
        var questions = import.Pool.Questions.ToDictionary(q => q.Id);
        Assert.Equal((QuestionType.Multiple, MultipleScoring.Partial), (questions["one-box"].Type, questions["one-box"].Scoring));
        Assert.Equal([true, false], questions["one-box"].Options.Select(o => o.Correct));
        Assert.Equal([true, true, true, false], questions["uneven"].Options.Select(o => o.Correct));
        Assert.Equal(MultipleScoring.AllOrNothing, questions["strict"].Scoring);
        Assert.Equal(QuestionType.Single, questions["penalty"].Type);
        Assert.Equal([true, false], questions["penalty"].Options.Select(o => o.Correct));
        // Each conversion that scores differently from the file is reported, with how; equal shares and single answers are not.
        Assert.Equal(["one-box", "uneven"], import.WeightChanges.Select(c => c.Id));
        Assert.Equal("right answers 100%, wrong answers 0% became equal shares (partial scoring): each right answer 100%, each wrong answer chosen -100%",
            import.WeightChanges[0].Change);
        Assert.Equal("right answers 50%, 25%, 25%, wrong answers -100% became equal shares (partial scoring): each right answer 33.33333%, each wrong answer chosen -33.33333%",
            import.WeightChanges[1].Change);
    }

    [Fact]
    public void DuplicateTitles_GetNumberedIds()
    {
        var import = GiftFormat.Import("::Same::One?{T}\n\n::Same::Two?{F}\n\n::same::Three?{T}\n");
        Assert.Equal(["same", "same-2", "same-3"], import.Pool.Questions.Select(q => q.Id));
    }

    [Theory]
    [InlineData("Steps in order: first", "steps-in-order-first")]
    [InlineData("Accents: ¿Qué es Al-Anon?", "accents-que-es-al-anon")]
    [InlineData("Patient's choice", "patients-choice")]
    [InlineData("ir-first-step", "ir-first-step")]
    [InlineData("¿?", null)]
    [InlineData("  ", null)]
    public void Slug_MakesAQuizMarkdownId(string title, string? slug)
    {
        Assert.Equal(slug, GiftFormat.Slug(title));
    }
}
