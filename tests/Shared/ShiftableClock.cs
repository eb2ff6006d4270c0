namespace ReferralTraining.Tests.Shared;

/// <summary>Real time plus an offset a test can move forward (e.g. past a quiz cool-down), or hold still.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;
    private long frozenTicks; // 0: running

    public override DateTimeOffset GetUtcNow()
    {
        var frozen = Interlocked.Read(ref frozenTicks);
        var now = frozen == 0 ? base.GetUtcNow() : new DateTimeOffset(frozen, TimeSpan.Zero);
        return now.AddTicks(Interlocked.Read(ref offsetTicks));
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    /// <summary>Stops real time from passing, so a test that counts seconds (reading time) sees only its own Advance calls.</summary>
    public void Freeze() => Interlocked.Exchange(ref frozenTicks, base.GetUtcNow().UtcTicks);

    /// <summary>Back to real time (after a test, so later tests and outside verifiers agree on "now").</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref frozenTicks, 0);
        Interlocked.Exchange(ref offsetTicks, 0);
    }
}
