using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed record ItemStat(
    string QuestionId, QuestionType Type, string PrimaryObjective, string SourceFile, int SourceLine,
    int Attempts, double? Facility, double? Discrimination, IReadOnlyList<OptionStat> Options, IReadOnlyList<string> Flags);
