using System.Diagnostics.Metrics;
using CallResponse.Sla.Polling;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Deadlines;

/// <summary>
/// Wakes the SLA state machine when deadlines fall due, by the database's clock. In one short statement
/// it leases due rows for <see cref="SlaOptions.WakeupLease"/> (<c>FOR UPDATE SKIP LOCKED</c>, so several
/// instances never take the same one) and commits, then sends a <see cref="DeadlineReached"/> for each
/// to the state machine's own queue (<see cref="Queue"/>), with publisher confirms and a timeout. It
/// never deletes a row: the state machine does, in the transaction that handles the wake-up. A wake-up
/// the broker refuses or does not confirm in time is released for the next poll; one lost or parked
/// later, or whose poller died before sending it, fires again when its lease runs out. The state
/// machine ignores one it has handled already.
/// </summary>
public sealed class DeadlinePoller(
    NpgsqlDataSource database,
    IBus bus,
    TimeProvider clock,
    IOptions<SlaOptions> options,
    ILogger<DeadlinePoller> logger) : BatchPoller(database, clock, options, logger)
{
    /// <summary>
    /// The queue of wake-ups, apart from the case steps: a backlog of steps (or a full step queue, which
    /// refuses more) never holds a deadline up.
    /// </summary>
    public const string Queue = "sla-deadlines";

    private static readonly Uri Address = new($"queue:{Queue}");
    private static readonly Meter Meter = new("CallResponse.Sla");
    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "sla.deadline.firing_lag", "ms", "How late after its due time a deadline was fired.");

    // now() is the database's clock: a step of the application server's clock fires nothing early.
    private const string LeaseDue = $"""
        update {DeadlineWakeups.Table} wakeup set leased_until = now() + $1
        from (
            select id from {DeadlineWakeups.Table}
            where fire_at <= now() and (leased_until is null or leased_until <= now())
            order by fire_at limit $2 for update skip locked) due
        where wakeup.id = due.id
        returning wakeup.id, wakeup.case_id, wakeup.deadline_id, wakeup.phase, wakeup.fire_at,
            (extract(epoch from now() - wakeup.fire_at) * 1000)::float8
        """;

    /// <summary>Leases one batch of due wake-ups and sends them; returns how many.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = new List<(Guid Id, DeadlineReached Message, double LagMs)>();
        await using (var command = Database.CreateCommand(LeaseDue))
        {
            command.Parameters.Add(new() { Value = Options.WakeupLease });
            command.Parameters.Add(new() { Value = BatchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var reached = new DeadlineReached(
                    reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
                due.Add((reader.GetGuid(0), reached, reader.GetDouble(5)));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var endpoint = await bus.GetSendEndpoint(Address);
        var sent = await SendEachAsync(
            DeadlineWakeups.Table,
            due,
            row => row.Id,
            (row, token) => endpoint.Send(row.Message, send => send.MessageId = row.Id, token),
            cancellationToken);
        var confirmed = sent.Confirmed.ToHashSet();
        foreach (var (_, message, lag) in due.Where(row => confirmed.Contains(row.Id)))
        {
            Lag.Record(lag, new KeyValuePair<string, object?>("phase", message.Phase));
        }

        sent.ThrowIfRefused();
        return due.Count;
    }
}
