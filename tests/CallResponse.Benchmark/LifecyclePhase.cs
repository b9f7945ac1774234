using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace CallResponse.Benchmark;

/// <summary>What the lifecycle phase measured.</summary>
internal sealed record LifecycleResult(
    int Seeded,
    TimeSpan SeedTime,
    TimeSpan? TotalsTime,
    LatencySummary ListPage,
    LatencySummary History,
    LatencySummary MeasuresByDepartment,
    LatencySummary MeasuresByCommunity,
    double CommandsPerSecond,
    double RawAppendsPerSecond,
    double FetchAndAppendsPerSecond);

/// <summary>
/// The case API at scale (<c>--lifecycle</c>): seeds the case read model with a million cases (once;
/// later runs reuse them), then times a filtered page of <c>GET /api/cases</c> and
/// <c>GET /api/cases/{id}/history</c>, and claim + resolve with If-Match through the gateway against
/// raw Marten appends with an expected version on the same PostgreSQL.
/// </summary>
/// <remarks>
/// The seed copies a real case's read-model document (varying id, place, time and status) straight
/// into <c>cases.mt_doc_case</c>: the table lists and loads read. It seeds no events, because the
/// cases service's outbox would publish them all; histories are timed on cases logged for real.
/// </remarks>
internal static class LifecyclePhase
{
    public const string SeedMarker = "benchmark-seed";

    public static async Task<LifecycleResult> RunAsync(Options options, HttpClient admin, IntakeLoad intake, RoutedListener listener, ReferenceCodes codes, CancellationToken stop)
    {
        // Real cases first: the template for the seed, the histories to read, the cases to claim and resolve.
        Console.WriteLine("Lifecycle phase: logging real cases to work on");
        var real = new List<Guid>();
        while (real.Count < options.Cases && !stop.IsCancellationRequested)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => intake.PostOneAsync(stop, itemCode: "WATER-01")));
            real.AddRange(batch.Where(sample => sample.Accepted).Select(sample => sample.CaseId!.Value));
        }

        await listener.WaitForAllAsync(real, TimeSpan.FromSeconds(120), stop);
        var (seeded, seedTime, added) = await SeedAsync(options.Postgres, real[0], options.Seed, codes.GridCodes, stop);
        var totalsTime = added > 0 ? await RebuildMeasureTotalsAsync(options, admin.DefaultRequestHeaders.Authorization!, stop) : (TimeSpan?)null;

        var streetDispatcher = await TokenAsync(admin, options.Gateway, "street-dispatcher", "LW-HL", stop);
        var list = await TimeReadsAsync(options, "list", streetDispatcher, _ => "/api/cases?status=routed&item=WATER-01&limit=20", stop);
        var history = await TimeReadsAsync(options, "history", admin.DefaultRequestHeaders.Authorization!, n => $"/api/cases/{real[n % real.Count]}/history", stop);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // China Standard Time
        var quarter = $"from={today.AddDays(-89):yyyy-MM-dd}&to={today:yyyy-MM-dd}&granularity=quarter";
        var byDepartment = await TimeReadsAsync(options, "measures", admin.DefaultRequestHeaders.Authorization!, _ => $"/api/measures?by=department&{quarter}", stop);
        var byCommunity = await TimeReadsAsync(options, "measures", admin.DefaultRequestHeaders.Authorization!, _ => $"/api/measures?by=community&{quarter}", stop);

        var liaison = await TokenAsync(admin, options.Gateway, "liaison", "SW", stop);
        var commands = await ClaimAndResolveAsync(options, liaison, real, stop);
        var (raw, fetchAndAppend) = await RawAppendsAsync(options.Postgres, options.Clients, real.Count, stop);
        return new LifecycleResult(seeded, seedTime, totalsTime, list, history, byDepartment, byCommunity, commands, raw, fetchAndAppend);
    }

    /// <summary>
    /// Copies the template case's document until the read model holds <paramref name="target"/> seeded
    /// cases, logged over the last 90 days; answers how many there are, and how many this run added.
    /// </summary>
    private static async Task<(int Seeded, TimeSpan Took, int Added)> SeedAsync(string postgres, Guid template, int target, IReadOnlyList<string> grids, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(stop);
        await using var count = new NpgsqlCommand("select count(*) from cases.mt_doc_case where mt_dotnet_type = $1", connection) { Parameters = { new() { Value = SeedMarker } } };
        var existing = (int)(long)(await count.ExecuteScalarAsync(stop))!;
        var clock = Stopwatch.StartNew();
        const int Batch = 100_000;
        for (var from = existing; from < target && !stop.IsCancellationRequested; from += Batch)
        {
            var size = Math.Min(Batch, target - from);
            await using var seed = new NpgsqlCommand(
                """
                insert into cases.mt_doc_case (id, data, mt_dotnet_type, mt_version, logged_at, status, place_street, place_community, item_code)
                select s.id,
                       jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(t.data,
                           '{Id}', to_jsonb(s.id)),
                           '{TrackingNumber}', to_jsonb('SEED-' || s.n)),
                           '{LoggedAt}', to_jsonb(s.logged_at)),
                           '{Status}', to_jsonb(s.status)),
                           '{Place}', jsonb_build_object('Grid', s.grid, 'Community', s.community, 'Street', s.street, 'District', 'LW')),
                           -- What each copy counts for (the measures add these up): the template's, in the copy's street,
                           -- plus the part of its community and street as if they had held it too, so that the
                           -- community and street totals have as many rows as a district's. The counts stay the
                           -- template's (a routed case): the benchmark times reads, not figures.
                           '{Contributions}',
                           (select jsonb_agg(c || jsonb_build_object('Street', s.street)) from jsonb_array_elements(t.data->'Contributions') c)
                           || jsonb_build_array(
                               (t.data->'Contributions'->-1) || jsonb_build_object('Dimension', 'community', 'Unit', s.community, 'Street', s.street),
                               (t.data->'Contributions'->-1) || jsonb_build_object('Dimension', 'street', 'Unit', s.street, 'Street', s.street))),
                       $2, 2, s.logged_at, s.status, s.street, s.community, t.item_code
                from cases.mt_doc_case t,
                     lateral (
                         select gen_random_uuid() as id, n,
                                now() - (n::float8 / $6 * 7776000) * interval '1 second' as logged_at,
                                (array[1, 1, 2, 3, 4, 5, 5, 5])[1 + n % 8] as status,
                                g.grid, split_part(g.grid, '-', 1) || '-' || split_part(g.grid, '-', 2) || '-' || split_part(g.grid, '-', 3) as community,
                                split_part(g.grid, '-', 1) || '-' || split_part(g.grid, '-', 2) as street
                         from generate_series($3::int, $4::int) as n
                         cross join lateral (select ($5::text[])[1 + n % cardinality($5::text[])] as grid) g
                     ) s
                where t.id = $1
                """,
                connection)
            {
                Parameters =
                {
                    new() { Value = template }, new() { Value = SeedMarker }, new() { Value = from + 1 }, new() { Value = from + size }, new() { Value = grids.ToArray() }, new() { Value = target },
                },
                CommandTimeout = 600,
            };
            await seed.ExecuteNonQueryAsync(stop);
            Console.WriteLine($"  seeded {from + size} of {target} cases ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        await using var analyze = new NpgsqlCommand("analyze cases.mt_doc_case", connection);
        await analyze.ExecuteNonQueryAsync(stop);
        return (Math.Max(existing, target), clock.Elapsed, Math.Max(0, target - existing));
    }

    /// <summary>The seeded documents bypassed the events, so the measure totals are recomputed from the documents.</summary>
    private static async Task<TimeSpan> RebuildMeasureTotalsAsync(Options options, AuthenticationHeaderValue admin, CancellationToken stop)
    {
        Console.WriteLine("  recomputing the measure totals from the case documents (POST /api/admin/read-models/measures/rebuild)");
        using var http = Client(options, admin);
        http.Timeout = TimeSpan.FromMinutes(30);
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("/api/admin/read-models/measures/rebuild", null, stop);
        response.EnsureSuccessStatusCode();
        Console.WriteLine($"  measure totals recomputed in {clock.Elapsed.TotalSeconds:F0} s");
        return clock.Elapsed;
    }

    private static async Task<AuthenticationHeaderValue> TokenAsync(HttpClient http, Uri gateway, string role, string unit, CancellationToken stop)
    {
        using var response = await http.PostAsJsonAsync(new Uri(gateway, "/api/dev/tokens"), new { role, unit, userId = $"benchmark-{role}" }, stop);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("token").GetString();
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>N clients reading for the measured window; the latency of each successful read.</summary>
    private static async Task<LatencySummary> TimeReadsAsync(Options options, string label, AuthenticationHeaderValue token, Func<int, string> path, CancellationToken stop)
    {
        using var http = Client(options, token);
        var latencies = new ConcurrentBag<double>();
        var n = 0;
        var load = new TimedLoad(label, options.Clients, TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(Math.Min(options.Seconds, 10)));
        await load.RunAsync(async (_, measured) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path(Interlocked.Increment(ref n)), stop);
            await response.Content.ReadAsByteArrayAsync(stop);
            if (measured && response.IsSuccessStatusCode)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return response.IsSuccessStatusCode;
        }, stop);
        return Percentiles.Summarize(latencies);
    }

    /// <summary>Claims then resolves each real case with its ETag, as fast as the clients can: commands per second.</summary>
    private static async Task<double> ClaimAndResolveAsync(Options options, AuthenticationHeaderValue liaison, IReadOnlyList<Guid> cases, CancellationToken stop)
    {
        using var http = Client(options, liaison);
        Console.WriteLine($"  claim + resolve: {cases.Count} cases, {options.Clients} clients");
        var queue = new ConcurrentQueue<Guid>(cases);
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var id) && !stop.IsCancellationRequested)
            {
                if (await CommandAsync(http, id, "claim", new { }, 2, stop) && await CommandAsync(http, id, "resolve", new { summary = "已修复" }, 3, stop))
                {
                    Interlocked.Add(ref done, 2);
                }
            }
        }));
        Console.WriteLine($"  claim + resolve: {done} commands in {clock.Elapsed.TotalSeconds:F1} s");
        return done / clock.Elapsed.TotalSeconds;
    }

    private static async Task<bool> CommandAsync(HttpClient http, Guid id, string command, object body, long version, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/{command}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await http.SendAsync(request, stop);
        return response.IsSuccessStatusCode;
    }

    /// <summary>
    /// The baseline, raw Marten appends with an expected version (two per stream, same clients and
    /// count); and beside it the least any command does in Marten alone: read the stream's inline
    /// snapshot with FetchForWriting, append, and have the snapshot updated in the same commit.
    /// </summary>
    private static async Task<(double Raw, double FetchAndAppend)> RawAppendsAsync(string postgres, int writers, int streams, CancellationToken stop)
    {
        await RawMartenLoad.DropSchemaAsync(postgres);
        try
        {
            using var raw = RawStore(postgres, snapshot: false);
            using var snapshotted = RawStore(postgres, snapshot: true);
            var rawRate = await AppendAsync(raw, writers, streams, fetch: false, stop);
            return (rawRate, await AppendAsync(snapshotted, writers, streams, fetch: true, stop));
        }
        finally
        {
            await RawMartenLoad.DropSchemaAsync(postgres);
        }
    }

    private static DocumentStore RawStore(string postgres, bool snapshot) => DocumentStore.For(options =>
    {
        options.Connection(postgres);
        options.DatabaseSchemaName = RawMartenLoad.Schema;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.AddEventType<RawCallLogged>();
        if (snapshot)
        {
            options.Projections.Snapshot<RawCase>(SnapshotLifecycle.Inline);
        }
    });

    private static async Task<double> AppendAsync(DocumentStore store, int writers, int streams, bool fetch, CancellationToken stop)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var ids = Enumerable.Range(0, streams).Select(_ => Guid.CreateVersion7()).ToList();
        await using (var session = store.LightweightSession())
        {
            foreach (var id in ids)
            {
                session.Events.StartStream(id, RawEvent(id));
            }

            await session.SaveChangesAsync(stop);
        }

        var queue = new ConcurrentQueue<Guid>(ids);
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            while (queue.TryDequeue(out var id) && !stop.IsCancellationRequested)
            {
                for (var version = 2; version <= 3; version++)
                {
                    await using var session = store.LightweightSession();
                    if (fetch)
                    {
                        var stream = await session.Events.FetchForWriting<RawCase>(id, version - 1, stop);
                        stream.AppendOne(RawEvent(id));
                    }
                    else
                    {
                        session.Events.Append(id, version, RawEvent(id));
                    }

                    await session.SaveChangesAsync(stop);
                    Interlocked.Increment(ref done);
                }
            }
        }));
        return done / clock.Elapsed.TotalSeconds;
    }

    private static RawCallLogged RawEvent(Guid id) =>
        new(id, "RAW", "WATER-01", "LW-HL-01-G01", "x", "phone", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "raw", false);

    /// <summary>A stream's inline snapshot for the fetch-and-append baseline: the least a command reads and rewrites.</summary>
    public sealed class RawCase
    {
        public Guid Id { get; set; }

        public int Steps { get; set; }

        public string LastItemCode { get; set; } = string.Empty;

        public void Apply(RawCallLogged logged)
        {
            Steps++;
            LastItemCode = logged.ItemCode;
        }
    }

    private static HttpClient Client(Options options, AuthenticationHeaderValue token) => new(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false })
    {
        BaseAddress = options.Gateway,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = token },
    };
}
