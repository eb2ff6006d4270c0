using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>One graded answer: the row item analysis aggregates.</summary>
public sealed class QuizResponse
{
    public Guid AttemptId { get; set; }
    public string QuestionId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    public List<string> SelectedOptionIds { get; set; } = [];
    public double Credit { get; set; }
}
