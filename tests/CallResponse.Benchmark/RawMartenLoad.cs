using System.Diagnostics;
using JasperFx;
using Marten;
using Npgsql;

namespace CallResponse.Benchmark;

/// <summary>
/// The stored shape of intake's CallLogged event, so a raw row is as large as intake's. A type of
/// its own: the benchmark must not depend on the intake service's assembly.
/// </summary>
public sealed record RawCallLogged(
    Guid CallId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    bool HasResidentContact);

/// <summary>
/// The baseline: N writers each doing Marten StartStream + SaveChangesAsync in a loop, with no HTTP,
/// no broker and no consumers — the most this PostgreSQL and Marten can store. The store is set up
/// like intake's (same metadata columns, lightweight sessions) in a schema of its own, which is
/// dropped before and after so runs neither disturb the services nor grow the database.
/// </summary>
internal static class RawMartenLoad
{
    public const string Schema = "bench_raw";

    public static async Task<(int Stored, int Failed, LatencySummary Latency, TimeSpan Measured)> RunAsync(
        string connectionString, int writers, TimeSpan warmup, TimeSpan window, CancellationToken stop)
    {
        await DropSchemaAsync(connectionString);
        try
        {
            using var store = DocumentStore.For(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = Schema;
                options.AutoCreateSchemaObjects = AutoCreate.All;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.AddEventType<RawCallLogged>();
            });
            // Create the tables now, not inside the first timed writes.
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            var latencies = Enumerable.Range(0, writers).Select(_ => new List<double>()).ToArray();
            var failures = 0;
            var load = new TimedLoad("raw", writers, warmup, window);
            await load.RunAsync(async (writer, measured) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await StartOneStreamAsync(store);
                }
                catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    if (measured)
                    {
                        Interlocked.Increment(ref failures);
                    }

                    return false;
                }

                if (measured)
                {
                    latencies[writer].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                return true;
            }, stop);

            var stored = latencies.Sum(list => list.Count);
            return (stored, failures, Percentiles.Summarize(latencies.SelectMany(list => list)), load.Measured);
        }
        finally
        {
            await DropSchemaAsync(connectionString);
        }
    }

    private static async Task StartOneStreamAsync(IDocumentStore store)
    {
        await using var session = store.LightweightSession();
        // Intake stamps the trace context on each event: carry metadata of the same size.
        session.CorrelationId = ActivityTraceId.CreateRandom().ToString();
        session.SetHeader("traceparent", $"00-{session.CorrelationId}-{ActivitySpanId.CreateRandom()}-01");

        // Version 7 ids, as intake uses: the same index locality in mt_streams.
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        session.Events.StartStream(id, new RawCallLogged(
            id,
            $"BR-{now:yyyyMMdd}-{Random.Shared.Next(1_000_000):D6}",
            "CITY-01",
            "LW-HL-01-G01",
            IntakeLoad.Descriptions[Random.Shared.Next(IntakeLoad.Descriptions.Length)],
            "walk-in",
            now.AddMinutes(-5),
            now,
            "grid-worker",
            HasResidentContact: false));
        await session.SaveChangesAsync();
    }

    internal static async Task DropSchemaAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new UnreachableException($"Cannot reach PostgreSQL to reset schema {Schema} ({exception.Message}).", exception);
        }
    }
}
