using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed class QuizzesOptions
{
    public const string Section = "Quizzes";

    /// <summary>Where item analysis links source lines, e.g. https://github.com/org/repo/blob/main (empty: show file:line only).</summary>
    [System.ComponentModel.DataAnnotations.Url]
    public string? SourceBaseUrl { get; set; }
}
