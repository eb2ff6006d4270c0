using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>
/// Admin only (folder convention): per scenario and course version, how often each choice is taken and by which
/// professions, and how often each checklist item is missed, with links to the source lines (ADR-024).
/// </summary>
public sealed class ScenarioAnalysisModel(ScenarioAnalysis analysis, IOptions<QuizzesOptions> options) : PageModel
{
    public IReadOnlyList<ScenarioVersion> Versions { get; private set; } = [];
    public ScenarioVersion? Selected { get; private set; }
    public ScenarioAnalysisReport? Report { get; private set; }

    /// <param name="pick">The form's one select, "{version}/{scenario}"; links use version and scenario.</param>
    public async Task OnGetAsync(Guid? version, string? scenario, string? pick, CancellationToken ct)
    {
        if (pick?.Split('/', 2) is [var v, var id] && Guid.TryParse(v, out var parsed))
        {
            (version, scenario) = (parsed, id);
        }
        await LoadAsync(version, scenario, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid version, string? scenario, CancellationToken ct)
    {
        await LoadAsync(version, scenario, ct);
        if (Report is null || Selected is null || Selected.CourseVersionId != version || Selected.ScenarioId != scenario)
        {
            return NotFound();
        }
        var csv = new StringBuilder();
        Csv.AppendRow(csv, ',', ["row", "node", "choice", "source", "reached", "taken", "facility", "by_profession", "item", "scored", "met", "missed", "not_reached"]);
        foreach (var node in Report.Nodes)
        {
            foreach (var c in node.Choices)
            {
                Csv.AppendRow(csv, ',', [
                    "choice", node.NodeId, c.Number.ToString(CultureInfo.InvariantCulture), $"{Report.File}:{c.Line}",
                    node.Reached.ToString(CultureInfo.InvariantCulture), c.Taken.ToString(CultureInfo.InvariantCulture),
                    c.Facility?.ToString("0.000", CultureInfo.InvariantCulture),
                    string.Join("; ", c.ByProfession.Select(p => $"{p.Profession}={p.Attempts}")), null, null, null, null, null]);
            }
        }
        foreach (var i in Report.Items)
        {
            Csv.AppendRow(csv, ',', ["item", null, null, null, null, null, null, null, i.Key,
                i.Scored.ToString(CultureInfo.InvariantCulture), i.Met.ToString(CultureInfo.InvariantCulture),
                i.Missed.ToString(CultureInfo.InvariantCulture), i.NotShown.ToString(CultureInfo.InvariantCulture)]);
        }
        return File(Csv.Utf8WithBom(csv.ToString()), "text/csv; charset=utf-8", $"scenario-analysis-{scenario}-{version}.csv");
    }

    public string? SourceLink(int line) =>
        Report is null || string.IsNullOrEmpty(options.Value.SourceBaseUrl) ? null : $"{options.Value.SourceBaseUrl.TrimEnd('/')}/{Report.File}#L{line}";

    public static string Key(ScenarioVersion v) => $"{v.CourseVersionId}/{v.ScenarioId}";

    public static string Share(double? share) => share?.ToString("0%", CultureInfo.InvariantCulture) ?? "–";

    private async Task LoadAsync(Guid? version, string? scenario, CancellationToken ct)
    {
        Versions = await analysis.VersionsAsync(ct);
        Selected = Versions.FirstOrDefault(v => v.CourseVersionId == version && v.ScenarioId == scenario)
            ?? Versions.FirstOrDefault(v => v.CourseVersionId == version)
            // Nothing chosen: the scenario with the most finished attempts, where there is most to see.
            ?? Versions.OrderByDescending(v => v.FinishedAttempts).FirstOrDefault();
        if (Selected is not null)
        {
            Report = await analysis.ForAsync(Selected.CourseVersionId, Selected.ScenarioId, ct);
        }
    }
}
