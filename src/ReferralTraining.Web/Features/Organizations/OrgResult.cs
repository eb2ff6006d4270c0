using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>The outcome of an operation: a value, or a message for the person and the field it concerns.</summary>
public sealed record OrgResult<T>(T? Value, string? Error = null, string? Field = null)
{
    public bool Ok => Error is null;
}
