namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// How long one statement of an HTTP request may run (<c>Database:RequestTimeout</c>, 10 s): then Npgsql has
/// PostgreSQL cancel it and the answer is a 503 problem (<c>ProblemResponses</c>), so a slow query holds
/// neither a connection of the pool nor the caller for long. It is given to the Marten sessions opened for a
/// request (<see cref="TracedSessionFactory"/>) and to a request's own SQL (<see cref="Apply"/>). The async
/// daemon, consumers, pollers and an admin's read-model rebuild (run by the daemon) never open such a session,
/// so the long work stays under Npgsql's default (30 s a statement) or its own.
/// </summary>
public sealed record RequestTimeout(TimeSpan Value)
{
    public int Seconds => (int)Math.Ceiling(Value.TotalSeconds);

    /// <summary>A request's own command, with the request's timeout.</summary>
    public Npgsql.NpgsqlCommand Apply(Npgsql.NpgsqlCommand command)
    {
        command.CommandTimeout = Seconds;
        return command;
    }
}
