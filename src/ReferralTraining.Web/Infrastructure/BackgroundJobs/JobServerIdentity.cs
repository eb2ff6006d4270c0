using System.Data.Common;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Observability;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

/// <summary>This process's job server, if it runs one (its Hangfire server id starts with the name).</summary>
public sealed record JobServerIdentity(bool Enabled, string Name);
