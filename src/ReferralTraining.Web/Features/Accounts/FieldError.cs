using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using Hangfire;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>A validation failure tied to an input field (the page shows it next to that field).</summary>
public sealed record FieldError(string Field, string Message);
