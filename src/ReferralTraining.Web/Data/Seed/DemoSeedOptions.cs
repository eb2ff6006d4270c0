using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using Hangfire;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Data.Seed;

public sealed class DemoSeedOptions
{
    public const string Section = "Seed";

    /// <summary>Create demo accounts and demo progress (Development only; checked at start-up).</summary>
    public bool Enabled { get; set; }

    [MinLength(12)]
    public string DemoPassword { get; set; } = "demo-recovery-2026";
}
