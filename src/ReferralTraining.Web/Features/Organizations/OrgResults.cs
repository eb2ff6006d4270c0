using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

public static class OrgResults
{
    public static OrgResult<T> Fail<T>(string error, string? field = null) => new(default, error, field);
}
