using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>Small-cell suppression for one row of mutually exclusive counts.</summary>
public static class SmallCells
{
    /// <summary>
    /// Marks cells with 1 to k−1 people as hidden. If exactly one cell is hidden, the smallest other non-zero
    /// cell is hidden too, so the hidden one cannot be recovered by subtracting the others from the row total.
    /// </summary>
    public static bool[] Suppress(IReadOnlyList<int> people, int k)
    {
        var hidden = people.Select(n => n > 0 && n < k).ToArray();
        if (hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, people.Count).Where(i => !hidden[i] && people[i] > 0).OrderBy(i => people[i]).FirstOrDefault(-1);
            if (next >= 0)
            {
                hidden[next] = true;
            }
        }
        return hidden;
    }
}
