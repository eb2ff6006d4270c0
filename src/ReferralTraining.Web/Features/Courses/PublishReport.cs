using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses;

public sealed record PublishReport(IReadOnlyList<string> Published, IReadOnlyList<string> Unchanged, IReadOnlyList<ContentError> Errors);
