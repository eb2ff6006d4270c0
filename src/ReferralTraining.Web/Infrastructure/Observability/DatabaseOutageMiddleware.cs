using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>Outermost middleware: the same 503 answer where no exception handler runs (development).</summary>
internal sealed class DatabaseOutageMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DatabaseOutageExceptionHandler handler)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (OutageState.IsOutage(ex) && !context.Response.HasStarted)
        {
            await handler.TryHandleAsync(context, ex, context.RequestAborted);
        }
    }
}
