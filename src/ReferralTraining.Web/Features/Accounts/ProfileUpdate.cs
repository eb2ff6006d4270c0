using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using Hangfire;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Accounts;

public sealed record ProfileUpdate(
    string GivenName, string? MiddleName, string FamilyName, string? Suffix,
    Profession? Profession, string? ProfessionOther, string TimeZoneId, IReadOnlyList<LicenseInput> Licenses);
