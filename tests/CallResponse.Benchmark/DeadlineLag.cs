using System.Collections.Concurrent;
using System.Diagnostics;
using CallResponse.Sla.Deadlines;
using MassTransit;
using Npgsql;

namespace CallResponse.Benchmark;

/// <summary>
/// The SLA service's firing lag under load: seeds pending deadlines straight into its wake-up table
/// (spread over the next <see cref="Horizon"/>, so most stay pending during the run), listens for the
/// poller's <see cref="DeadlineReached"/> messages, and records how late each fired that fell due
/// after the seed committed (the seed's timestamps start when its transaction does). It hears them by
/// binding its own queue to the exchange of the poller's queue. The seeded rows are marked (phase
/// <c>bench</c>) and belong to no case, so the state machine deletes them unhandled; a row that fires
/// again (its lease ran out first) counts once. Those still pending at the end are deleted.
/// </summary>
internal sealed class DeadlineLag : IAsyncDisposable
{
    public const string Phase = "bench";
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(10);
    private readonly ConcurrentBag<double> lagMs = [];
    private readonly ConcurrentDictionary<Guid, bool> fired = new();
    private readonly string postgres;
    private long seededTicks = long.MaxValue; // UTC ticks; read by the handler's threads
    private IBusControl? bus;

    private DeadlineLag(string postgres) => this.postgres = postgres;

    public static async Task<DeadlineLag> StartAsync(string postgres, Uri broker, int count, CancellationToken cancellationToken)
    {
        var lag = new DeadlineLag(postgres);
        lag.bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq =>
        {
            rabbitmq.Host(broker);
            rabbitmq.ReceiveEndpoint(new TemporaryEndpointDefinition(), KebabCaseEndpointNameFormatter.Instance, endpoint =>
            {
                endpoint.PrefetchCount = 512;
                endpoint.ConfigureConsumeTopology = false;
                endpoint.Bind(DeadlinePoller.Queue);
                endpoint.Handler<DeadlineReached>(context =>
                {
                    // A row due before the seed committed was overdue when it appeared: not the poller's lag.
                    if (context.Message.Phase == Phase
                        && context.Message.FireAt.UtcTicks >= Volatile.Read(ref lag.seededTicks)
                        && lag.fired.TryAdd(context.MessageId ?? Guid.NewGuid(), true))
                    {
                        lag.lagMs.Add((DateTimeOffset.UtcNow - context.Message.FireAt).TotalMilliseconds);
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await lag.bus.StartAsync(cancellationToken);

        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        await using var seed = new NpgsqlCommand(
            $"""
            insert into {DeadlineWakeups.Table} (id, fire_at, case_id, deadline_id, phase)
            select gen_random_uuid(), now() + (n * $2::double precision / $1) * interval '1 second', gen_random_uuid(), gen_random_uuid(), $3
            from generate_series(1, $1) as n
            """,
            connection)
        {
            Parameters = { new() { Value = count }, new() { Value = Horizon.TotalSeconds }, new() { Value = Phase } },
            CommandTimeout = 300,
        };
        var started = Stopwatch.StartNew();
        await seed.ExecuteNonQueryAsync(cancellationToken);
        Volatile.Write(ref lag.seededTicks, DateTimeOffset.UtcNow.UtcTicks);
        Console.WriteLine($"  seeded {count} pending deadlines over the next {Horizon.TotalMinutes:F0} min in {started.Elapsed.TotalSeconds:F1} s");
        return lag;
    }

    public LatencySummary Lag => Percentiles.Summarize(lagMs);

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync();
        }

        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var clean = new NpgsqlCommand($"delete from {DeadlineWakeups.Table} where phase = $1", connection) { Parameters = { new() { Value = Phase } } };
        await clean.ExecuteNonQueryAsync();
    }
}
