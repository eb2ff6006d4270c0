using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

public sealed record ReadingTimeRow(Guid UserId, string Name, string Email, IReadOnlyDictionary<int, ReadingTimeCell> Modules)
{
    public int TotalSeconds => Modules.Values.Sum(c => c.Seconds);
}
