namespace ReferralTraining.Tests.Shared;

/// <summary>
/// The one way tests wait for something done in the background (a Hangfire job, an e-mail, a host coming back):
/// poll a condition until it holds, never sleep a fixed time. The timeout is generous on purpose: a passing test
/// returns as soon as the condition holds, so only a failing test pays for it, and a loaded CI machine (two cores,
/// several test hosts and their job workers at once) no longer turns a slow job into a red run.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Polls <paramref name="probe"/> until it returns a value that <paramref name="done"/> accepts.</summary>
    /// <param name="what">What is awaited, for the failure message ("the certificate for the claim").</param>
    /// <param name="describe">Optional state to add to the failure message (e.g. the job table).</param>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what,
        TimeSpan? timeout = null, Func<Task<string>>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow >= deadline)
            {
                var state = describe is null ? "" : "\n" + await describe();
                throw new TimeoutException($"Still waiting for {what} after {limit.TotalSeconds:0} s; last seen: {value}{state}");
            }
            await Task.Delay(pause);
            // Back off to a quarter of a second so a long wait does not itself load the database.
            pause = TimeSpan.FromMilliseconds(Math.Min(250, pause.TotalMilliseconds * 2));
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null) =>
        MatchAsync(condition, held => held, what, timeout, describe);

    /// <summary>Polls until <paramref name="probe"/> returns something (not null), and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class =>
        (await MatchAsync(probe, value => value is not null, what, timeout))!;

    /// <summary>
    /// The opposite wait: a bad thing (a duplicate row, a second e-mail) must NOT happen over a quiet period, while
    /// the jobs that could cause it have had every chance to run. Fails as soon as it happens.
    /// </summary>
    public static async Task NeverAsync(Func<Task<bool>> happened, string what, TimeSpan period)
    {
        var end = DateTime.UtcNow + period;
        do
        {
            if (await happened())
            {
                throw new InvalidOperationException($"{what} happened within {period.TotalSeconds:0} s");
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < end);
    }
}
