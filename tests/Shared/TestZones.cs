namespace ReferralTraining.Tests.Shared;

/// <summary>Time zones chosen by their local hour now, so tests about quiet hours pass whatever time the suite runs.</summary>
public static class TestZones
{
    /// <summary>A fixed-offset IANA zone whose local hour at the clock's current time satisfies the predicate.</summary>
    public static string Where(TimeProvider clock, Func<int, bool> hour)
    {
        for (var offset = -12; offset <= 14; offset++)
        {
            var id = offset == 0 ? "Etc/GMT" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && hour(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).Hour))
            {
                return id;
            }
        }
        throw new InvalidOperationException("No zone matches.");
    }
}
