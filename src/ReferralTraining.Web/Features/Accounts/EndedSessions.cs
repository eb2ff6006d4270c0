using System.Collections.Concurrent;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Sessions ended in this process (sign-out, password change, "sign out everywhere", ending one from the list, disable),
/// remembered until the timed database check would catch them anyway. The cookie check looks here on every request (a
/// dictionary lookup, no database work), so a replayed cookie of an ended session is refused at once, not up to a minute
/// later. Other instances still learn of it at their timed check (ADR-008).
/// </summary>
public sealed class EndedSessions(TimeProvider clock)
{
    // Longer than the longest time between two database checks of one cookie (Accounts:SessionValidationInterval).
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(35);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> ended = new();

    public void Add(IEnumerable<Guid> sessionIds)
    {
        var until = clock.GetUtcNow() + Remember;
        foreach (var id in sessionIds)
        {
            ended[id] = until;
        }
        if (ended.Count > 10_000)
        {
            Prune();
        }
    }

    public bool Contains(Guid sessionId) =>
        !ended.IsEmpty && ended.TryGetValue(sessionId, out var until) && until > clock.GetUtcNow();

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, until) in ended)
        {
            if (until <= now)
            {
                ended.TryRemove(id, out _);
            }
        }
    }
}
