using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Infrastructure.BackgroundJobs;

namespace ReferralTraining.Web.Infrastructure.Security;

/// <summary>
/// Logs a form post refused for a missing or invalid antiforgery token (ASVS 16.3.3: a bypass attempt, or a page
/// left open past its token). The 400 itself comes from MVC's automatic validation; this only sees its result.
/// </summary>
internal sealed class AntiforgeryRefusalLog(SecurityAuditLog audit) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            audit.Refused("antiforgery token missing or invalid");
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
