using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Deadlines;

/// <summary>
/// Wakes the SLA state machine when deadlines fall due. Takes due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> (so several instances never take the same one), publishes a
/// <see cref="DeadlineReached"/> for each with publisher confirms, then deletes them in the same
/// transaction. A crash between publish and commit publishes them again, which the state machine
/// ignores; a deadline set before a crash is still in the table after it.
/// </summary>
public sealed partial class DeadlinePoller(
    NpgsqlDataSource database,
    IBus bus,
    TimeProvider clock,
    IOptions<SlaOptions> options,
    ILogger<DeadlinePoller> logger) : BackgroundService
{
    public const int BatchSize = 200;
    private static readonly Meter Meter = new("CallResponse.Sla");
    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("sla.deadline.firing_lag", "ms", "How late after its due time a deadline was fired.");

    private const string TakeDue = $"""
        select id, case_id, deadline_id, phase, fire_at from {DeadlineWakeups.Table}
        where fire_at <= $1 order by fire_at limit $2 for update skip locked
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var moved = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!moved)
                {
                    await DeadlineWakeups.MoveFromDocumentsAsync(database, stoppingToken);
                    moved = true;
                }

                if (await FireDueAsync(stoppingToken) < BatchSize)
                {
                    await Task.Delay(options.Value.PollEvery, clock, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    /// <summary>Fires one batch of due deadlines; returns how many.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = new List<(Guid Id, DeadlineReached Message)>();
        await using (var command = new NpgsqlCommand(TakeDue, connection, transaction) { Parameters = { new() { Value = now }, new() { Value = BatchSize } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), new DeadlineReached(reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        await Task.WhenAll(due.Select(row => bus.Publish(row.Message, publish => publish.MessageId = row.Id, cancellationToken)));
        await using (var delete = new NpgsqlCommand($"delete from {DeadlineWakeups.Table} where id = any($1)", connection, transaction) { Parameters = { new() { Value = due.Select(row => row.Id).ToArray() } } })
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var (_, message) in due)
        {
            Lag.Record((now - message.FireAt).TotalMilliseconds, new KeyValuePair<string, object?>("phase", message.Phase));
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fire due deadlines; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
