using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

public sealed record ReadingTimeModule(int Number, string Title, int EstimatedSeconds);
