using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed record SavedAnswer(string QuestionId, IReadOnlyList<string> OptionIds);
