using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// A request that failed because the database is away gets 503 with Retry-After (people: a short page that needs no
/// database; /api: RFC 7807), not a 500 and an error log. Called by UseExceptionHandler outside development and by
/// <see cref="DatabaseOutageMiddleware"/> everywhere.
/// </summary>
internal sealed class DatabaseOutageExceptionHandler(OutageState state, IOptions<OperationsOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!OutageState.IsOutage(exception) || context.Response.HasStarted)
        {
            return false;
        }
        state.MarkDown(exception);
        state.CountRefused();
        await WriteAsync(context, options.Value.RetryAfterSeconds, cancellationToken);
        return true;
    }

    internal static async Task WriteAsync(HttpContext context, int retryAfterSeconds, CancellationToken ct)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        // UseExceptionHandler has already pointed the request at its error path: the feature keeps the original one.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (new PathString(path).StartsWithSegments("/api"))
        {
            response.ContentType = "application/problem+json";
            await response.WriteAsync(
                "{\"type\":\"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4\",\"title\":\"Service temporarily unavailable\",\"status\":503," +
                "\"detail\":\"The database is briefly unavailable. Retry after the number of seconds in the Retry-After header.\"}", ct);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(UnavailablePage, ct);
    }

    // Static: rendering the layout could itself need the database.
    private const string UnavailablePage =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Back in a moment · ReferralTraining</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
        "<body><main id=\"main\" class=\"container\"><h1>Back in a moment</h1>" +
        "<p>ReferralTraining is briefly unavailable. Nothing you saved is lost. Please try again in a few seconds.</p>" +
        "<p><a href=\"\">Try again</a></p></main></body></html>";
}
