using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ReferralTraining.Web.Infrastructure.Observability;

public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            // One JSON object per line with scopes and message template properties: ready for a log shipper.
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        }
        // Health is reported by the endpoints; a line per probe of an unhealthy check would flood the log in an outage.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);

        // A database outage is two warnings (gone, back), not one per failed request, job poll and retry (issue 24).
        var outage = new OutageState();
        builder.Services.AddSingleton(outage);
        WrapConsoleLogging(builder.Services, outage);
        builder.Services.AddSingleton<DatabaseOutage>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseOutage>());
        builder.Services.AddSingleton<DatabaseOutageExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseOutageExceptionHandler>();
        builder.Services.AddSingleton<IStartupFilter, OutageStartupFilter>();

        builder.Services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.NetworksAreValid(), "Operations:MetricsNetworks must be CIDR networks such as 10.0.0.0/8.")
            .Validate(o => string.IsNullOrWhiteSpace(o.OtlpEndpoint) || Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out _),
                "Operations:OtlpEndpoint must be an absolute URL such as http://collector:4317.")
            .ValidateOnStart();

        builder.Services.AddHealthChecks()
            .AddCheck<MigrationsHealthCheck>("migrations")
            .AddCheck<ContentHealthCheck>("content")
            .AddCheck<OutboxHealthCheck>("outbox");
        builder.Services.AddProblemDetails();

        builder.Services.AddSingleton<AppMetrics>();
        builder.Services.AddHostedService<OutboxSampler>();
        var otlp = builder.Configuration[$"{OperationsOptions.Section}:OtlpEndpoint"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("referraltraining"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation() // connection pool use, commands, bytes
                    .AddMeter(AppMetrics.MeterName)
                    .AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp) && Uri.TryCreate(otlp, UriKind.Absolute, out var endpoint))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        var health = new HealthCheckOptions
        {
            ResponseWriter = WriteHealthAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        };
        // Readiness: every named check (database, migrations, content, jobs, outbox). /health is the same, kept for
        // the compose and Dockerfile health checks and existing monitors.
        app.MapHealthChecks("/health/ready", health).DisableRateLimiting();
        app.MapHealthChecks("/health", health).DisableRateLimiting();
        // Liveness only (no dependencies): for orchestrators, and the "plain endpoint" baseline in benchmarks.
        app.MapGet("/health/live", () => TypedResults.Text("ok")).DisableRateLimiting();

        // Metrics reveal volumes and timings: only the configured networks (default loopback) see them; others get 404.
        var networks = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value.AllowedMetricsNetworks();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/metrics") && !Allowed(context.Connection.RemoteIpAddress, networks))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
        app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        return app;
    }

    internal static bool Allowed(System.Net.IPAddress? address, IReadOnlyList<System.Net.IPNetwork> networks)
    {
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return networks.Any(n => n.Contains(address));
    }

    private static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
            }),
        });
    }

    /// <summary>Every console provider writes through <see cref="OutageAwareLoggerProvider"/>.</summary>
    private static void WrapConsoleLogging(IServiceCollection services, OutageState outage)
    {
        var console = services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList();
        foreach (var descriptor in console)
        {
            services.Remove(descriptor);
            services.AddSingleton<ILoggerProvider>(sp => new OutageAwareLoggerProvider(
                new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>()), outage));
        }
    }

    private sealed class OutageStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<DatabaseOutageMiddleware>();
            next(app);
        };
    }
}
