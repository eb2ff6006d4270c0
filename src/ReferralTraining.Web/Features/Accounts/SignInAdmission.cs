using System.Diagnostics;
using System.Threading.RateLimiting;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>The outcome of <see cref="SignInThrottle.AdmitAsync"/>; holds the password-check slot until disposed.</summary>
public sealed class SignInAdmission : IDisposable
{
    private readonly RateLimitLease? lease;
    private readonly SignInThrottle? throttle;
    private readonly long started = Stopwatch.GetTimestamp();

    private SignInAdmission(RateLimitLease? lease, SignInThrottle? throttle, SignInRefusal refusal, int retryAfterSeconds)
    {
        this.lease = lease;
        this.throttle = throttle;
        Refusal = refusal;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public SignInRefusal Refusal { get; }

    public bool IsAdmitted => Refusal == SignInRefusal.None;

    /// <summary>For the Retry-After header and the page's "try again in …".</summary>
    public int RetryAfterSeconds { get; }

    /// <summary>The wait in words, for the page.</summary>
    public string Wait => SignInThrottle.Describe(RetryAfterSeconds);

    internal static SignInAdmission Admitted(RateLimitLease lease, SignInThrottle throttle) => new(lease, throttle, SignInRefusal.None, 0);

    internal static SignInAdmission Refused(SignInRefusal refusal, int retryAfterSeconds) => new(null, null, refusal, retryAfterSeconds);

    public void Dispose()
    {
        if (lease is null)
        {
            return;
        }
        throttle!.Measured(Stopwatch.GetElapsedTime(started));
        lease.Dispose();
    }
}
