namespace ReferralTraining.Tests.Shared;

/// <summary>Real time plus an offset a test can move forward (e.g. past a quiz cool-down).</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    /// <summary>Back to real time (after a test, so later tests and outside verifiers agree on "now").</summary>
    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}
