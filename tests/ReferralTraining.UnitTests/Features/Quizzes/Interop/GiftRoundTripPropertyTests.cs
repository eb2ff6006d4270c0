using CsCheck;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;
using static ReferralTraining.UnitTests.Features.Quizzes.Interop.InteropTestData;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

/// <summary>Any valid pool of the types GIFT shares with quiz.md survives export → import → quiz.md unchanged.</summary>
public sealed class GiftRoundTripPropertyTests
{
    private static readonly string[] Objectives = ["obj-a", "obj-b", "obj-c"];
    private static readonly string[] References = ["ref-a", "ref-b"];

    // GIFT's special characters, the backslash, and text that looks like GIFT syntax. No '[', ']' or '@':
    // Markdown links and [@citations] are checked against course.md by the quiz.md parser.
    private static readonly Gen<string> Word = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcdefghijkXYZ0189éñ'\"~=#{}:\\%-*_!?.,/<>&()"], 1, 8]),
        (1, Gen.OneOf("\\n", "\\", "\\\\", "####", "::", "//", "->", "%50%", "%-100%", "T", "FALSE", "=", "~", "{", "}", "#", "$CATEGORY:", "&amp;", "<p>")));

    private static readonly Gen<string> Line = Word.Array[1, 6].Select(words => string.Join(' ', words));

    private static readonly Gen<string> Paragraphs = Gen.Select(Line.Array[1, 4], Gen.Bool.Array[4],
        (lines, blank) => string.Concat(lines.Select((line, i) => i == 0 ? line : (blank[i] ? "\n\n" : "\n") + line)));

    private static readonly Gen<string> Feedback = Gen.Frequency((1, Gen.Const("")), (3, Line));

    private static readonly Gen<PortableOption> Option = Gen.Select(Line, Feedback, (text, feedback) => new PortableOption(text, false, feedback));

    private static readonly Gen<PortableQuestion> AnyQuestion = Gen.Int[0, 2].SelectMany(kind => kind switch
    {
        0 => Gen.Select(Option.Array[2, 8], Gen.Int[0, 7], (options, right) =>
            Choice(QuestionType.Single, MultipleScoring.AllOrNothing, options.Select((o, i) => o with { Correct = i == right % options.Length }))),
        1 => Gen.Select(Gen.Select(Option, Gen.Bool).Array[2, 8], Gen.Int[0, 7], Gen.Bool, (options, forced, partial) =>
            Choice(QuestionType.Multiple, partial ? MultipleScoring.Partial : MultipleScoring.AllOrNothing,
                options.Select((o, i) => o.Item1 with { Correct = o.Item2 || i == forced % options.Length }))),
        _ => Gen.Select(Gen.Bool, Feedback, Feedback, (answer, ifTrue, ifFalse) =>
            PortableQuestion.TrueFalse("", "", answer, ifTrue, ifFalse, "", 0)),
    });

    private static readonly Gen<PortablePool> Pool =
        Gen.Select(Paragraphs.Array[0, 2], Gen.Select(AnyQuestion, Paragraphs, Feedback, Gen.Int[0, 2], Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 2]).Array[1, 6],
            (caseTexts, drafts) =>
            {
                var cases = caseTexts.Select((text, i) => new PortableCase($"case-{i + 1}", text)).ToList();
                var questions = drafts.Select((d, i) =>
                {
                    var (question, stem, general, objective, source, keepOrder, caseIndex) = d;
                    return question with
                    {
                        Id = $"q{i + 1}-{question.Type.ToString().ToLowerInvariant()}",
                        Stem = stem,
                        GeneralFeedback = general,
                        ObjectiveIds = Objectives[objective..],
                        SourceIds = References[(source % 2)..],
                        KeepOrder = keepOrder,
                        CaseId = caseIndex < cases.Count ? cases[caseIndex].Id : null,
                    };
                }).ToList();
                return new PortablePool(cases.Where(c => questions.Any(q => q.CaseId == c.Id)).ToList(), questions);
            });

    // One thread: the test runner already runs the test classes in parallel, and this one renders Markdown 500 times.
    [Fact]
    public void AnyPoolOfSharedTypes_SurvivesGiftExportAndImport_AndTheQuizMarkdownItBecomes()
    {
        Pool.Sample(pool =>
        {
            var gift = GiftFormat.Export(pool, "generated").Text;
            var import = GiftFormat.Import(gift);

            Assert.Empty(import.Skipped);
            Assert.Equal(Snapshot(pool), Snapshot(import.Pool));
            var markdown = QuizMarkdownWriter.Write(import.Pool, "obj-a", "ref-a");
            Assert.Equal(Snapshot(pool), Snapshot(ParseQuizMarkdown(markdown, Objectives, References)));
        }, iter: 500, threads: 1, print: pool => string.Join("\n", Snapshot(pool)));
    }

    private static PortableQuestion Choice(QuestionType type, MultipleScoring scoring, IEnumerable<PortableOption> options) =>
        new("", type, [], [], null, false, scoring, "", options.ToList(), "", 0);
}
