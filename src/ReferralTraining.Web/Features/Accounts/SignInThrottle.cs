using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Admits password sign-ins (ADR-033). Three gates, cheapest first: an address with too many recent failures is refused
/// (credential stuffing); each address is paced by a token bucket whose overflow waits in line, oldest first (a
/// hospital behind one address queues instead of being refused); and password checks, which are CPU-bound PBKDF2,
/// run on at most half the cores with a bounded line behind them, so a burst of sign-ins cannot starve the clinicians
/// already taking a quiz. When a line is full the person is told how long to wait; nothing is refused silently.
/// Per-account lockout (Identity) applies after admission as before. Budgets are per instance, like the other limits.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    private readonly AccountsOptions options;
    private readonly PartitionedRateLimiter<string> failures;
    private readonly PartitionedRateLimiter<string> pacing;
    private readonly ConcurrencyLimiter checks;
    private readonly int checksAtOnce;
    private long averageCheckTicks = TimeSpan.FromMilliseconds(150).Ticks; // until measured

    public SignInThrottle(IOptions<AccountsOptions> accounts)
    {
        options = accounts.Value;
        checksAtOnce = options.PasswordChecksAtOnce > 0 ? options.PasswordChecksAtOnce : DefaultChecksAtOnce(Environment.ProcessorCount);
        failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.SignInFailuresPerAddressPer15Minutes, Window = FailureWindow, SegmentsPerWindow = 15, QueueLimit = 0,
        }));
        var perSecond = options.SignInPerAddressPerMinute / 60.0;
        pacing = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.SignInPerAddressBurst,
            // Refill every second (or less often for slow rates), whole tokens only.
            ReplenishmentPeriod = perSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(Math.Ceiling(1 / perSecond)),
            TokensPerPeriod = Math.Max(1, (int)Math.Floor(perSecond)),
            QueueLimit = options.SignInPerAddressQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        checks = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = checksAtOnce, QueueLimit = options.PasswordCheckQueue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Half the cores, at least one: a burst of sign-ins at 08:00 may use that much, and the rest stays with the people
    /// already signed in (at one per core, 1,000 sign-ins in a minute, 0.1 s of CPU each, could keep both cores of a
    /// 2-core server hashing beside a 10,000-person quiz stampede, ADR-036).
    /// </summary>
    internal static int DefaultChecksAtOnce(int cores) => Math.Max(1, cores / 2);

    /// <summary>Waits its turn (fairly) and returns the admission; dispose it when the password has been checked.</summary>
    public async Task<SignInAdmission> AdmitAsync(IPAddress? address, CancellationToken ct)
    {
        var key = address?.ToString() ?? "unknown";
        // Peek only: failures are counted when they happen, not when someone tries.
        if (failures.GetStatistics(key)?.CurrentAvailablePermits <= 0)
        {
            return SignInAdmission.Refused(SignInRefusal.TooManyFailures, (int)FailureWindow.TotalSeconds / 15);
        }
        // Nobody waits longer than the line's own limit: a browser or proxy gives up after 30-60 s with an error page,
        // so past it the person is better served by the page that says how long to wait (503, Retry-After).
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(options.SignInMaxWaitSeconds));
        var waitingForCheck = false;
        try
        {
            using var paced = await pacing.AcquireAsync(key, 1, patience.Token);
            if (!paced.IsAcquired)
            {
                return SignInAdmission.Refused(SignInRefusal.Busy, PacingWaitSeconds());
            }
            waitingForCheck = true;
            var check = await checks.AcquireAsync(1, patience.Token);
            if (!check.IsAcquired)
            {
                check.Dispose();
                return SignInAdmission.Refused(SignInRefusal.Busy, CheckWaitSeconds());
            }
            return SignInAdmission.Admitted(check, this);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SignInAdmission.Refused(SignInRefusal.Busy, waitingForCheck ? CheckWaitSeconds() : PacingWaitSeconds());
        }
    }

    /// <summary>A failed password (or unknown address) from this client address counts toward its stuffing budget.</summary>
    public void RecordFailure(IPAddress? address)
    {
        using var _ = failures.AttemptAcquire(address?.ToString() ?? "unknown");
    }

    internal void Measured(TimeSpan check)
    {
        // A moving average (1/8 weight), for the wait the busy page states.
        var old = Interlocked.Read(ref averageCheckTicks);
        Interlocked.Exchange(ref averageCheckTicks, old + ((check.Ticks - old) / 8));
    }

    /// <summary>How long a full line takes to drain: the wait a refused person is told, rounded up, at least 5 s.</summary>
    private int CheckWaitSeconds()
    {
        var queued = checks.GetStatistics()?.CurrentQueuedCount ?? options.PasswordCheckQueue;
        var seconds = (queued + checksAtOnce) * TimeSpan.FromTicks(Interlocked.Read(ref averageCheckTicks)).TotalSeconds / checksAtOnce;
        return Math.Max(5, (int)Math.Ceiling(seconds));
    }

    private int PacingWaitSeconds()
    {
        var seconds = (options.SignInPerAddressQueue + 1) * 60.0 / options.SignInPerAddressPerMinute;
        return Math.Max(5, (int)Math.Ceiling(seconds));
    }

    public void Dispose()
    {
        failures.Dispose();
        pacing.Dispose();
        checks.Dispose();
    }

    internal static string Describe(int seconds) => seconds < 90
        ? $"{seconds.ToString(CultureInfo.InvariantCulture)} seconds"
        : $"{Math.Ceiling(seconds / 60.0).ToString(CultureInfo.InvariantCulture)} minutes";

}
