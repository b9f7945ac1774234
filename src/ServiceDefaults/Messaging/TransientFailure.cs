using Npgsql;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>
/// Tells a failure that will pass by itself from a message that cannot be handled. Passing failures
/// are PostgreSQL being unreachable (stopped, restarting, out of connections, a backend terminated)
/// and a read model being rebuilt (<see cref="ReadModelBehindException"/>): a message that failed for
/// one of them is fine and waits, however long; only one that failed otherwise is ever parked.
/// </summary>
public static class TransientFailure
{
    /// <summary>Whether <paramref name="exception"/>, or any exception inside it, will pass by itself.</summary>
    public static bool IsCause(Exception exception) =>
        Causes(exception).Any(cause => cause is NpgsqlException { IsTransient: true } or ReadModelBehindException);

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

/// <summary>
/// What a message needs exists in the event store but not yet in the read model (an admin is rebuilding
/// it): the message waits for the rebuild rather than being dropped or parked.
/// </summary>
public sealed class ReadModelBehindException(string message) : Exception(message);
