using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

public sealed class OrganizationsOptions
{
    public const string Section = "Organizations";

    /// <summary>Days an invitation link stays valid.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 90)]
    public int InvitationDays { get; set; } = 14;
}
