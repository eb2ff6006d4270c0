using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.PracticeChange;

public sealed record OutcomeReport(string Scope, string? CourseId, int MinimumCellSize, IReadOnlyList<OutcomeTable> Tables, IReadOnlyList<(string Id, string Title)> Courses);
