using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;
using static ReferralTraining.UnitTests.Features.Quizzes.Interop.InteropTestData;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>
/// Hostile quiz files: mutated quiz.md pools, GIFT and Aiken files never crash or hang their readers; every
/// rejection says why and where; whatever is accepted survives a round trip (quiz.md → quiz.md, GIFT export → import).
/// </summary>
public sealed partial class QuizFuzzTests
{
    private static readonly MarkdownRenderer Renderer = new();
    private static readonly QuizParser Parser = new(Renderer);

    /// <summary>The real library and the fixture, loaded once: their quiz.md texts and the objectives and references they check against.</summary>
    private static readonly (string Text, CourseDefinition Course)[] Pools = Load();

    private static readonly string[] GiftSeeds = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "fixtures", "gift"), "*.gift").Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .Concat(Pools.Select(p => GiftFormat.Export(PortablePool.From(p.Course.Quiz!), p.Course.Id).Text)).ToArray();

    private static readonly string[] AikenSeeds = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "fixtures", "aiken")).Order(StringComparer.Ordinal)
        .Select(File.ReadAllText).Concat(Pools.Select(p => Aiken(p.Course.Quiz!))).ToArray();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    private static (string, CourseDefinition)[] Load()
    {
        var loader = new CourseLoader(Renderer, Parser);
        var courses = loader.LoadAll(RepoPaths.Content).Courses.Concat(loader.LoadAll(RepoPaths.FixtureContent).Courses);
        return courses.Select(c => (File.ReadAllText(Path.Combine(c.Folder, QuizParser.FileName)), c)).ToArray();
    }

    [Fact]
    public void QuizMarkdown_AnyMutation_IsReadOrRefusedWithLine_AndWhatIsReadRoundTrips()
    {
        var cases = Gen.Int[0, Pools.Length - 1].SelectMany(i => Fuzz.Mutated([Pools[i].Text]).Select(text => (Pool: i, Text: text)));
        Fuzz.Check(cases, c =>
        {
            var course = Pools[c.Pool].Course;
            var references = course.References.ToDictionary(r => r.Id);
            var errors = new List<ContentError>();
            var (quizCases, questions) = Fuzz.Bounded(() => Parser.Parse(c.Text, "quiz.md", course.Objectives, references, errors));

            Fuzz.AssertClear(errors, "quiz.md", Fuzz.LineCount(c.Text));
            foreach (var html in quizCases.Select(q => q.Html).Concat(questions.SelectMany(q => q.Options.SelectMany(o => new[] { o.Html, o.FeedbackHtml }).Append(q.StemHtml).Append(q.GeneralFeedbackHtml))))
            {
                Fuzz.AssertSafeHtml(html);
            }
            if (errors.Count > 0)
            {
                return;
            }
            Assert.NotEmpty(questions);
            var pool = PortablePool.From(new QuizPool(course.Quiz!.Settings, quizCases, questions));
            var written = QuizMarkdownWriter.Write(pool, course.Objectives[0].Id, course.References[0].Id);
            var again = new List<ContentError>();
            var reread = Parser.Parse(written, "quiz.md", course.Objectives, references, again);
            Assert.True(again.Count == 0, string.Join("\n", again) + "\n---\n" + written);
            Fuzz.AssertSameLines(Snapshot(pool), Snapshot(PortablePool.From(new QuizPool(course.Quiz.Settings, reread.Cases, reread.Questions))));
        }, iterations: 120, print: c => $"pool {c.Pool} ({Pools[c.Pool].Course.Id})\n{Fuzz.Printable(c.Text)}");
    }

    [Fact]
    public void Gift_AnyMutation_IsImportedOrSkippedWithReason_AndWhatIsImportedRoundTrips()
    {
        Fuzz.Check(Fuzz.Mutated(GiftSeeds), gift =>
        {
            var import = Fuzz.Bounded(() => GiftFormat.Import(gift));

            var lines = Fuzz.LineCount(gift);
            foreach (var skip in import.Skipped)
            {
                Assert.InRange(skip.Line, 1, lines);
                Fuzz.AssertReadable(skip.Reason);
            }
            foreach (var question in import.Pool.Questions)
            {
                Assert.Matches(IdPattern(), question.Id);
                Assert.InRange(question.Line, 1, lines);
                Assert.InRange(question.Options.Count, 2, 8);
                Assert.Contains(question.Options, o => o.Correct);
                Assert.NotEqual("", question.Stem);
            }
            var export = Fuzz.Bounded(() => GiftFormat.Export(import.Pool, "round trip"));
            var again = Fuzz.Bounded(() => GiftFormat.Import(export.Text));
            Assert.Empty(again.Skipped);
            Fuzz.AssertSameLines(Snapshot(import.Pool), Snapshot(again.Pool));
        }, iterations: 400, print: t => Fuzz.Printable(t));
    }

    [Fact]
    public void Aiken_AnyMutation_IsImportedOrRefusedWithLine_AndWhatIsImportedRoundTripsThroughGift()
    {
        Fuzz.Check(Fuzz.Mutated(AikenSeeds), aiken =>
        {
            var (pool, errors) = Fuzz.Bounded(() => AikenFormat.Import(aiken, "bank.txt"));

            Fuzz.AssertClear(errors, "bank.txt", Fuzz.LineCount(aiken));
            if (errors.Count > 0)
            {
                return;
            }
            Assert.NotEmpty(pool.Questions);
            Assert.All(pool.Questions, q => Assert.Single(q.Options, o => o.Correct));
            var again = GiftFormat.Import(GiftFormat.Export(pool, "aiken").Text);
            Assert.Empty(again.Skipped);
            Fuzz.AssertSameLines(Snapshot(pool), Snapshot(again.Pool));
        }, iterations: 700, print: t => Fuzz.Printable(t));
    }

    /// <summary>The single-answer questions of a pool as Aiken text.</summary>
    private static string Aiken(QuizPool pool)
    {
        var text = new StringBuilder();
        foreach (var question in pool.Questions.Where(q => q.Type == QuestionType.Single))
        {
            text.Append(question.StemMarkdown).Append('\n');
            for (var i = 0; i < question.Options.Count; i++)
            {
                text.Append((char)('A' + i)).Append(i % 2 == 0 ? ". " : ") ").Append(question.Options[i].Markdown).Append('\n');
            }
            text.Append("ANSWER: ").Append((char)('A' + question.Options.ToList().FindIndex(o => o.Correct))).Append("\n\n");
        }
        return text.ToString();
    }
}
