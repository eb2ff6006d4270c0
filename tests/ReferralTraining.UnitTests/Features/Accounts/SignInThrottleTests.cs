using System.Net;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.UnitTests.Features.Accounts;

/// <summary>The three gates of ADR-033, without a host: queue order, waits stated, and what counts as a failure.</summary>
public sealed class SignInThrottleTests
{
    private static readonly IPAddress Hospital = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.20");

    private static SignInThrottle Throttle(Action<AccountsOptions> configure)
    {
        var options = new AccountsOptions();
        configure(options);
        return new SignInThrottle(Options.Create(options));
    }

    [Fact]
    public async Task AnAddressOverItsPace_WaitsInLine_AndBeyondTheLine_IsToldHowLongToWait()
    {
        // Enough password-check slots that only the pace is tested here (the first admission keeps its slot).
        using var throttle = Throttle(o => { o.SignInPerAddressPerMinute = 1; o.SignInPerAddressBurst = 1; o.SignInPerAddressQueue = 1; o.PasswordChecksAtOnce = 4; });
        using var first = await throttle.AdmitAsync(Hospital, CancellationToken.None);
        Assert.True(first.IsAdmitted);

        // The second waits for the next token (a minute away) instead of being refused...
        using var cancel = new CancellationTokenSource();
        var second = throttle.AdmitAsync(Hospital, cancel.Token);
        Assert.False(second.IsCompleted);
        // ...the third finds the line full and is told to come back after the line has drained: (1 + 1) tokens at 1 a minute.
        using var third = await throttle.AdmitAsync(Hospital, CancellationToken.None);
        Assert.Equal(SignInRefusal.Busy, third.Refusal);
        Assert.Equal(120, third.RetryAfterSeconds);
        Assert.Equal("2 minutes", third.Wait);
        // Another address has its own pace.
        using var other = await throttle.AdmitAsync(Elsewhere, CancellationToken.None);
        Assert.True(other.IsAdmitted);
        // A person who gives up (closes the tab) leaves the line.
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(16, 8)]
    public void PasswordChecks_ByDefault_TakeAtMostHalfTheCores(int cores, int checks) =>
        Assert.Equal(checks, SignInThrottle.DefaultChecksAtOnce(cores));

    [Fact]
    public async Task PasswordChecks_RunOnePerSlot_InArrivalOrder_WithABoundedLine()
    {
        using var throttle = Throttle(o => { o.PasswordChecksAtOnce = 1; o.PasswordCheckQueue = 2; o.SignInPerAddressPerMinute = 1_000_000; o.SignInPerAddressBurst = 100_000; });
        var running = await throttle.AdmitAsync(Hospital, CancellationToken.None);
        var next = throttle.AdmitAsync(Hospital, CancellationToken.None);
        var after = throttle.AdmitAsync(Elsewhere, CancellationToken.None);
        using var refused = await throttle.AdmitAsync(Elsewhere, CancellationToken.None);
        Assert.Equal(SignInRefusal.Busy, refused.Refusal);
        Assert.True(refused.RetryAfterSeconds >= 5);
        Assert.False(next.IsCompleted);
        Assert.False(after.IsCompleted);

        running.Dispose();
        using (var second = await next)
        {
            Assert.True(second.IsAdmitted);
            Assert.False(after.IsCompleted); // oldest first: the later arrival still waits
        }
        using var third = await after;
        Assert.True(third.IsAdmitted);
    }

    [Fact]
    public async Task NobodyWaitsLongerThanTheLimit_InEitherLine_AndIsThenToldHowLongToWait()
    {
        using var throttle = Throttle(o =>
        {
            o.SignInMaxWaitSeconds = 1; o.SignInPerAddressPerMinute = 1; o.SignInPerAddressBurst = 1; o.SignInPerAddressQueue = 5; o.PasswordChecksAtOnce = 1;
        });
        // In the address's line: the next token is a minute away, far beyond the limit.
        using var first = await throttle.AdmitAsync(Hospital, CancellationToken.None);
        using var paced = await throttle.AdmitAsync(Hospital, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SignInRefusal.Busy, paced.Refusal);
        Assert.Equal(360, paced.RetryAfterSeconds); // (5 + 1) tokens at 1 a minute
        // In the password-check line: the only slot stays taken by the first sign-in.
        using var checkWait = await throttle.AdmitAsync(Elsewhere, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SignInRefusal.Busy, checkWait.Refusal);
        Assert.True(checkWait.RetryAfterSeconds >= 5);
        // The slot was not lost to the one who left: once the first finishes, the next is admitted at once.
        first.Dispose();
        using var next = await throttle.AdmitAsync(IPAddress.Parse("192.0.2.44"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(next.IsAdmitted);
    }

    [Fact]
    public async Task OnlyRecordedFailures_SpendAnAddressesFailureBudget()
    {
        using var throttle = Throttle(o => { o.SignInFailuresPerAddressPer15Minutes = 2; o.SignInPerAddressPerMinute = 1_000_000; o.SignInPerAddressBurst = 100_000; });
        for (var i = 0; i < 5; i++)
        {
            using var admitted = await throttle.AdmitAsync(Hospital, CancellationToken.None);
            Assert.True(admitted.IsAdmitted); // successful sign-ins cost nothing
        }
        throttle.RecordFailure(Hospital);
        using (var stillOk = await throttle.AdmitAsync(Hospital, CancellationToken.None))
        {
            Assert.True(stillOk.IsAdmitted);
        }
        throttle.RecordFailure(Hospital);
        using var paused = await throttle.AdmitAsync(Hospital, CancellationToken.None);
        Assert.Equal(SignInRefusal.TooManyFailures, paused.Refusal);
        Assert.Equal(60, paused.RetryAfterSeconds);
        using var elsewhere = await throttle.AdmitAsync(Elsewhere, CancellationToken.None);
        Assert.True(elsewhere.IsAdmitted);
    }
}
