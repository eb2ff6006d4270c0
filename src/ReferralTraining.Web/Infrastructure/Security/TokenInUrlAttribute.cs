using Microsoft.AspNetCore.Mvc.Filters;

namespace ReferralTraining.Web.Infrastructure.Security;

/// <summary>
/// For pages whose URL carries a secret (reset, confirmation, invitation, follow-up and unsubscribe links): the page
/// must not stay in a browser or proxy cache, and the URL must not leak to other sites in a Referer header.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TokenInUrlAttribute : ResultFilterAttribute
{
    public override void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
