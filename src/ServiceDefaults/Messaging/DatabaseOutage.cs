using Npgsql;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>
/// Tells a database that cannot be reached now (stopped, restarting, out of connections, a backend
/// terminated) from a message that cannot be handled. A message that failed for the first reason is
/// fine and waits for the database, however long the outage; only the second is ever parked.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Whether <paramref name="exception"/>, or any exception inside it, is PostgreSQL being unavailable.</summary>
    public static bool IsCause(Exception exception) => Causes(exception).Any(cause => cause is NpgsqlException
    {
        IsTransient: true,
    });

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
