using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed record OptionStat(string OptionId, string Html, bool Correct, int Chosen, double Share);

/// <summary>
/// Classical item analysis per question and content version: facility (mean credit), discrimination
/// (corrected item-total correlation, i.e. point-biserial against the rest of the test), option choice
/// shares, and flags an author should look at.
/// </summary>
public sealed class ItemAnalysis(AppDbContext db)
{
    public const double TooEasy = 0.90;
    public const double TooHard = 0.30;
    public const double LowDiscrimination = 0.20;
    /// <summary>Below this many answers the statistics are too noisy to flag.</summary>
    public const int MinimumAnswers = 10;

    public async Task<IReadOnlyList<ItemStat>> ForVersionAsync(Guid courseVersionId, CancellationToken ct)
    {
        var pool = await db.CourseVersions.AsNoTracking().Where(v => v.Id == courseVersionId).Select(v => v.Quiz).SingleOrDefaultAsync(ct);
        if (pool is null)
        {
            return [];
        }
        var responses = await db.QuizResponses.AsNoTracking().Where(r => r.CourseVersionId == courseVersionId)
            .Select(r => new { r.AttemptId, r.QuestionId, r.Credit, r.SelectedOptionIds }).ToListAsync(ct);
        var totals = responses.GroupBy(r => r.AttemptId).ToDictionary(g => g.Key, g => g.Sum(r => r.Credit));

        return pool.Questions.Select(q =>
        {
            var rows = responses.Where(r => r.QuestionId == q.Id).ToList();
            var n = rows.Count;
            double? facility = n == 0 ? null : rows.Average(r => r.Credit);
            double? discrimination = n < 3 ? null : Pearson(rows.Select(r => r.Credit).ToList(), rows.Select(r => totals[r.AttemptId] - r.Credit).ToList());
            var options = q.Options.Select(o =>
            {
                var chosen = q.Type == QuestionType.Ordering
                    ? rows.Count(r => r.SelectedOptionIds.Count > 0 && r.SelectedOptionIds[0] == o.Id) // placed first
                    : rows.Count(r => r.SelectedOptionIds.Contains(o.Id));
                return new OptionStat(o.Id, o.Html, o.Correct, chosen, n == 0 ? 0 : (double)chosen / n);
            }).ToList();
            var flags = new List<string>();
            if (n >= MinimumAnswers)
            {
                if (facility > TooEasy) { flags.Add("too easy"); }
                if (facility < TooHard) { flags.Add("too hard"); }
                if (discrimination is null || discrimination < LowDiscrimination) { flags.Add("does not discriminate"); }
                if (q.Type is QuestionType.Single or QuestionType.Multiple && options.Any(o => !o.Correct && o.Chosen == 0)) { flags.Add("distractor never chosen"); }
            }
            else
            {
                flags.Add($"fewer than {MinimumAnswers} answers");
            }
            return new ItemStat(q.Id, q.Type, q.PrimaryObjective, q.File, q.Line, n, facility, discrimination, options, flags);
        }).ToList();
    }

    /// <summary>Pearson correlation; null when either side has no variance (e.g. everyone scored the same).</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        if (n < 2)
        {
            return null;
        }
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx < 1e-12 || syy < 1e-12 ? null : sxy / Math.Sqrt(sxx * syy);
    }
}
