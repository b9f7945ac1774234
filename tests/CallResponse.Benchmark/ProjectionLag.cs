using System.Collections.Concurrent;
using Npgsql;

namespace CallResponse.Benchmark;

/// <summary>
/// How far the cases service's measure totals (an async projection on the Solo daemon) trail the
/// event store while the load runs: every 200 ms, the age of the oldest case event the projection
/// has not yet applied (0 when it is caught up).
/// </summary>
internal sealed class ProjectionLag : IAsyncDisposable
{
    public const string Projection = "MeasureTotals:All";
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentBag<double> lagMs = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    private ProjectionLag(string postgres) => sampling = SampleAsync(postgres);

    public static ProjectionLag Start(string postgres) => new(postgres);

    public LatencySummary Lag => Percentiles.Summarize(lagMs);

    private async Task SampleAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(stop.Token);
        await using var command = new NpgsqlCommand(
            """
            select coalesce(extract(epoch from clock_timestamp() - min(e.timestamp)) * 1000, 0)::float8
            from cases.mt_events e
            where e.seq_id > (select last_seq_id from cases.mt_event_progression where name = $1)
            """,
            connection) { Parameters = { new() { Value = Projection } } };
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                lagMs.Add((double)(await command.ExecuteScalarAsync(stop.Token))!);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}
