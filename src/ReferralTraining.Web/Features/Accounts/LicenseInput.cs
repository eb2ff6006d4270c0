using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using Hangfire;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Accounts;

public sealed record LicenseInput(string IssuingAuthority, string Number);
