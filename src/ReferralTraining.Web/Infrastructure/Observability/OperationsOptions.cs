using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>Health, outage and metrics settings (section "Operations"; README, Operations).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>Seconds in the Retry-After header of a 503 while the database is away.</summary>
    [Range(1, 300)]
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>/health/ready reports Degraded when the oldest unsent e-mail is older than this (mail is not flowing).</summary>
    [Range(10, 86_400)]
    public int OutboxLagLimitSeconds { get; set; } = 300;

    /// <summary>CIDR networks allowed to read /metrics; none configured = loopback only. Others get 404.</summary>
    public string[] MetricsNetworks { get; set; } = [];

    /// <summary>Optional OTLP endpoint (e.g. http://collector:4317) to push the same metrics to; empty = off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often the outbox gauges are refreshed from the database.</summary>
    [Range(1, 3600)]
    public int OutboxSampleSeconds { get; set; } = 15;

    public IReadOnlyList<System.Net.IPNetwork> AllowedMetricsNetworks() =>
        MetricsNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => System.Net.IPNetwork.Parse(n.Trim())).ToList() is { Count: > 0 } list
            ? list
            : [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")];

    internal bool NetworksAreValid() =>
        MetricsNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).All(n => System.Net.IPNetwork.TryParse(n.Trim(), out _));
}
