namespace ReferralTraining.Tests.Shared;

/// <summary>Real time plus an offset a test can move forward (e.g. past a quiz cool-down).</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
