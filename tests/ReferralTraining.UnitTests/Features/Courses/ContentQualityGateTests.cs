using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>The bar every course in content/ must meet (issue: course library quality gates).</summary>
public sealed class ContentQualityGateTests
{
    private static readonly ContentLoadResult Library =
        new CourseLoader(new MarkdownRenderer(), new QuizParser(new MarkdownRenderer())).LoadAll(RepoPaths.Content);

    public static TheoryData<string> CourseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Library.Courses.Select(c => c.Id))
        {
            data.Add(id);
        }
        return data;
    }

    private static CourseDefinition Course(string id) => Library.Courses.Single(c => c.Id == id);

    [Fact]
    public void TheLibrary_HasAtLeastSevenCourses_AllValid()
    {
        Assert.Empty(Library.Errors);
        Assert.True(Library.Courses.Count >= 7, $"{Library.Courses.Count} courses");
    }

    [Theory]
    [MemberData(nameof(CourseIds))]
    public void Course_HasThreeToSixModules_WithVignettesAndPracticeSections(string id)
    {
        var course = Course(id);
        Assert.InRange(course.Modules.Count, 3, 6);
        Assert.All(course.Modules, m => Assert.Contains(">In your practice</h2>", m.Html, StringComparison.Ordinal));
        var withVignette = course.Modules.Count(m => m.Html.Contains(">Vignette:", StringComparison.Ordinal));
        Assert.True(withVignette * 2 > course.Modules.Count, $"{id}: only {withVignette} of {course.Modules.Count} modules have a vignette");
    }

    [Theory]
    [MemberData(nameof(CourseIds))]
    public void Quiz_HasTwentyQuestions_EveryObjectiveAssessedThreeTimes_AndAVignetteSet(string id)
    {
        var course = Course(id);
        var quiz = Assert.IsType<QuizPool>(course.Quiz);
        Assert.True(quiz.Questions.Count >= 20, $"{id}: {quiz.Questions.Count} questions");
        foreach (var objective in course.Objectives)
        {
            var count = quiz.Questions.Count(q => q.PrimaryObjective == objective.Id);
            Assert.True(count >= 3, $"{id}: objective {objective.Id} is assessed by {count} question(s)");
        }
        Assert.Contains(quiz.Questions.Where(q => q.CaseId is not null).GroupBy(q => q.CaseId), g => g.Count() >= 2);
        Assert.All(quiz.Questions, q => Assert.NotEmpty(q.SourceIds));
        // Feedback that teaches: every choice of single/multiple questions explains itself.
        Assert.All(quiz.Questions.Where(q => q.Type is QuestionType.Single or QuestionType.Multiple),
            q => Assert.True(q.Options.All(o => o.FeedbackHtml.Length > 0), $"{id}/{q.Id} has an option without feedback"));
        Assert.All(quiz.Questions.Where(q => q.Type == QuestionType.TrueFalse),
            q => Assert.True(q.Options.All(o => o.FeedbackHtml.Length > 0), $"{id}/{q.Id} lacks true/false feedback"));
    }

    [Theory]
    [MemberData(nameof(CourseIds))]
    public void CreditMetadata_IsComplete_AndEstimatedMinutesFollowTheDocumentedMethod(string id)
    {
        var course = Course(id);
        Assert.NotNull(course.ReleaseDate);
        Assert.NotNull(course.ReviewDate);
        Assert.NotNull(course.ExpiryDate);
        Assert.NotEmpty(course.Faculty);
        Assert.NotEmpty(course.Credits);
        var words = course.Modules.Sum(m => m.WordCount);
        Assert.Equal(SeatTime.Minutes(words, course.Quiz?.Settings.QuestionsPerAttempt ?? 0), course.EstimatedMinutes);
        Assert.All(course.Credits, c => Assert.True(c.Hours * 60 <= course.EstimatedMinutes, $"{id}: {c.Type} {c.Hours} h exceeds seat time"));
    }

    [Fact]
    public void FoundationQuiz_HasAnOrderingQuestionOnTheSteps()
    {
        var quiz = Course("intensive-referral").Quiz!;
        Assert.Contains(quiz.Questions, q => q.Type == QuestionType.Ordering && q.ObjectiveIds.Contains("obj-steps"));
    }

    [Fact]
    public void SeatTime_RoundsEachPartUp()
    {
        Assert.Equal(1 + 6, SeatTime.Minutes(58, 4));
        Assert.Equal(21 + 15, SeatTime.Minutes(4199, 10));
        Assert.Equal(20, SeatTime.Minutes(4000, 0));
    }
}
