using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

public enum QuizProblem { NotEnrolled, NoQuiz, ReadingIncomplete, AlreadyPassed, NoAttemptsLeft, CoolingDown, AttemptNotFound, AttemptClosed, InvalidAnswer }
