using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The course evaluation every accreditor asks for before credit is awarded.</summary>
public sealed class CourseEvaluation
{
    public Guid EnrollmentId { get; set; }
    /// <summary>1 (not relevant) … 5 (very relevant) to the learner's practice.</summary>
    public int Relevance { get; set; }
    /// <summary>Was the content balanced and free of commercial bias?</summary>
    public bool FreeOfBias { get; set; }
    /// <summary>1 (not met) … 5 (fully met): were the stated objectives met?</summary>
    public int ObjectivesMet { get; set; }
    public string? Comment { get; set; }
    /// <summary>Intent to change practice; null on evaluations submitted before the question existed.</summary>
    public IntentToChange? Intent { get; set; }
    /// <summary>Optional: what the learner will change, in their own words (never shown outside aggregates).</summary>
    public string? IntendedChange { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}
