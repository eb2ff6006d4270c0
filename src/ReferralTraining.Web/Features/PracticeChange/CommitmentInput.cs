using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

public sealed record CommitmentInput(string? PracticeId, string? Text, int? ExpectedPatients, int? Confidence);
