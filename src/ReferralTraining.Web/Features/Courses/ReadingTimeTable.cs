using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

public sealed record ReadingTimeTable(string CourseId, string CourseTitle, IReadOnlyList<ReadingTimeModule> Modules, IReadOnlyList<ReadingTimeRow> Rows, int TotalLearners);
