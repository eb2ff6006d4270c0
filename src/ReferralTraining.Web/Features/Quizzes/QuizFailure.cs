using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>Why a quiz action was refused, in words for the person (and a status for the API).</summary>
public sealed record QuizFailure(QuizProblem Problem, string Message, DateTimeOffset? RetryAt = null)
{
    public int StatusCode => Problem switch
    {
        QuizProblem.AttemptNotFound or QuizProblem.NotEnrolled or QuizProblem.NoQuiz => StatusCodes.Status404NotFound,
        QuizProblem.InvalidAnswer => StatusCodes.Status400BadRequest,
        QuizProblem.CoolingDown => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };
}
