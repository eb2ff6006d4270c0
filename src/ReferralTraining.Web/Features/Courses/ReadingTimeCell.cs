using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

public sealed record ReadingTimeCell(int Seconds, bool Read)
{
    public string Text => ModuleReadingTime.Format(Seconds) + (Read ? " (read)" : "");
}
