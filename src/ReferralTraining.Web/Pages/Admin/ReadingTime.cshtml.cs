using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Pages.Organizations;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): recorded reading time per learner and module, every learner of a course.</summary>
public sealed class ReadingTimeModel(AppDbContext db, ReadingTimeReport report) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }

    public IReadOnlyList<(string Id, string Title)> AllCourses { get; private set; } = [];
    public ReadingTimeTable? Table { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        AllCourses = await CourseChoices.AllAsync(db, ct);
        Course = AllCourses.Any(c => c.Id == Course) ? Course : AllCourses.FirstOrDefault().Id;
        if (Course is not null)
        {
            Table = await report.ForCourseAsync(Course, people: null, ct);
        }
    }
}
