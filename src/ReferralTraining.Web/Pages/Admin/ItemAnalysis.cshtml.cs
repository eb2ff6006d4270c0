using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): item statistics per course version, with links to the source line.</summary>
public sealed class ItemAnalysisModel(AppDbContext db, ItemAnalysis analysis, IOptions<QuizzesOptions> options) : PageModel
{
    public sealed record VersionChoice(Guid Id, string Label);

    public IReadOnlyList<VersionChoice> Versions { get; private set; } = [];
    public Guid? VersionId { get; private set; }
    public IReadOnlyList<ItemStat> Items { get; private set; } = [];

    public async Task OnGetAsync(Guid? version, CancellationToken ct)
    {
        await LoadAsync(version, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid version, CancellationToken ct)
    {
        await LoadAsync(version, ct);
        if (VersionId is null)
        {
            return NotFound();
        }
        var csv = new StringBuilder();
        Csv.AppendRow(csv, ',', ["question_id", "type", "objective", "source", "attempts", "facility", "discrimination", "flags", "option_shares"]);
        foreach (var i in Items)
        {
            Csv.AppendRow(csv, ',', [
                i.QuestionId, i.Type.ToString(), i.PrimaryObjective, $"{i.SourceFile}:{i.SourceLine}", i.Attempts.ToString(CultureInfo.InvariantCulture),
                i.Facility?.ToString("0.000", CultureInfo.InvariantCulture),
                i.Discrimination?.ToString("0.000", CultureInfo.InvariantCulture),
                string.Join("; ", i.Flags),
                string.Join("; ", i.Options.Select(o => $"{o.OptionId}{(o.Correct ? "*" : "")}={o.Share.ToString("0.00", CultureInfo.InvariantCulture)}"))]);
        }
        return File(Csv.Utf8WithBom(csv.ToString()), "text/csv; charset=utf-8", $"item-analysis-{version}.csv");
    }

    public string? SourceLink(ItemStat item) =>
        string.IsNullOrEmpty(options.Value.SourceBaseUrl) ? null : $"{options.Value.SourceBaseUrl.TrimEnd('/')}/{item.SourceFile}#L{item.SourceLine}";

    private async Task LoadAsync(Guid? version, CancellationToken ct)
    {
        Versions = await db.CourseVersions.AsNoTracking().Where(v => v.Quiz != null)
            .OrderBy(v => v.Title).ThenByDescending(v => v.PublishedAt)
            .Select(v => new VersionChoice(v.Id, v.Title + " · version " + v.Version)).ToListAsync(ct);
        VersionId = version is not null && Versions.Any(v => v.Id == version) ? version : (Versions.Count > 0 ? Versions[0].Id : null);
        if (VersionId is not null)
        {
            Items = await analysis.ForVersionAsync(VersionId.Value, ct);
        }
    }
}
