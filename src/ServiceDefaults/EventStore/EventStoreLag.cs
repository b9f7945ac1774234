using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// How far the event store's background work (the outbox, async projections) is behind the newest
/// committed event. Under overload the backlog stays here, in PostgreSQL, rather than in RabbitMQ's
/// memory: this shows it, as the metric <c>eventstore.behind{shard}</c> (events) and in
/// <c>/health/ready</c>, degraded while a shard is far behind.
/// </summary>
public sealed class EventStoreLag(NpgsqlDataSource database, string schema) : BackgroundService, IHealthCheck
{
    /// <summary>Events behind at which readiness says the service is degraded (still ready).</summary>
    public const long DegradedBehind = 5_000;

    private const string HighWaterMark = "HighWaterMark";
    private static readonly Meter Meter = new("CallResponse.EventStore");
    private IReadOnlyDictionary<string, long> behind = new Dictionary<string, long>();

    /// <summary>Events each shard (<c>outbox:All</c>…) has still to process, as last read.</summary>
    public IReadOnlyDictionary<string, long> Behind => behind;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge(
            "eventstore.behind",
            () => behind.Select(shard =>
                new Measurement<long>(shard.Value, new KeyValuePair<string, object?>("shard", shard.Key))),
            "{event}",
            "Committed events a shard (the outbox, an async projection) has not processed yet.");
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        do
        {
            try
            {
                await ReadAsync(stoppingToken);
            }
            catch (NpgsqlException)
            {
                // The database is down: the readiness check says so on its own.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select name, last_seq_id from {schema}.mt_event_progression");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var progress = new Dictionary<string, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            progress[reader.GetString(0)] = reader.GetInt64(1);
        }

        var newest = progress.GetValueOrDefault(HighWaterMark);
        behind = progress.Where(shard => shard.Key.Contains(':')) // shards are named "{name}:{key}"
            .ToDictionary(shard => shard.Key, shard => Math.Max(0, newest - shard.Value));
    }

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var far = behind.Where(shard => shard.Value >= DegradedBehind).OrderBy(shard => shard.Key).ToList();
        var data = behind.ToDictionary(shard => shard.Key, shard => (object)shard.Value);
        return Task.FromResult(far.Count == 0
            ? HealthCheckResult.Healthy("Background work keeps up with the event store", data)
            : HealthCheckResult.Degraded(
                $"Behind the newest event: {string.Join(", ", far.Select(shard => $"{shard.Key} by {shard.Value}"))}",
                data: data));
    }
}
