using System.Globalization;
using System.Net.Http.Json;
using CallResponse.Benchmark;

// One run: routing decisions timed in-process, intake load through the gateway (with call -> CaseRouted latency), then raw Marten
// StartStream on the same PostgreSQL, then the report. See Options.Usage.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = Options.Parse(args, out var error, out var help);
if (options is null)
{
    (help ? Console.Out : Console.Error).WriteLine(help ? Options.Usage : $"{error}\n\n{Options.Usage}");
    return help ? 0 : 1;
}

// Ctrl-C ends the current phase early; the report and the clean-up still happen.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
var window = TimeSpan.FromSeconds(options.Seconds);
try
{
    IntakeResult? intake = null;
    RawResult? raw = null;

    if (options.Pages)
    {
        var (cases, pages) = await PagesPhase.RunAsync(options, stop.Token);
        Report.Print(cases, pages);
        return 0;
    }

    Console.WriteLine("Routing phase: timing routing decisions in-process");
    var routing = RoutingCost.Run();

    if (!options.RawOnly)
    {
        (intake, var lifecycle) = await RunIntakeAsync(options, warmup, window, stop.Token);
        if (lifecycle is not null)
        {
            Report.Print(lifecycle);
            return 0;
        }
    }

    if (!options.IntakeOnly && !stop.IsCancellationRequested)
    {
        Console.WriteLine($"Raw phase: {options.Clients} Marten writers into schema {RawMartenLoad.Schema}");
        var (stored, failed, latency, measured) = await RawMartenLoad.RunAsync(options.Postgres, options.Clients, warmup, window, stop.Token);
        raw = new RawResult(stored / Math.Max(measured.TotalSeconds, 0.001), stored, failed, latency, measured);
    }

    Report.Print(options, routing, intake, raw);
    if ((intake is not null && intake.Accepted == 0) || (raw is not null && raw.Stored == 0))
    {
        Console.Error.WriteLine("The run failed: a phase completed no operation at all (see the errors above).");
        return 1;
    }

    return 0;
}
catch (UnreachableException exception)
{
    Console.Error.WriteLine($"ERROR: {exception.Message}");
    return 2;
}

static async Task<(IntakeResult? Intake, LifecycleResult? Lifecycle)> RunIntakeAsync(Options options, TimeSpan warmup, TimeSpan window, CancellationToken stop)
{
    // One handler for all clients, with a connection per client so no request queues for a socket.
    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(options.Clients, 2),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    Console.WriteLine("Checking the system");
    await SystemCheck.EnsureReadyAsync(http, [options.Gateway, .. options.Services], stop);
    // Development's token issuer: the benchmark logs calls as a district admin.
    var token = await http.PostAsJsonAsync(new Uri(options.Gateway, "/api/dev/tokens"), new { role = "admin", unit = "LW", userId = "benchmark" }, stop);
    if (!token.IsSuccessStatusCode)
    {
        throw new UnreachableException($"The gateway issued no token (POST /api/dev/tokens answered {(int)token.StatusCode}); is it running in Development?");
    }

    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
        "Bearer", (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(stop)).GetProperty("token").GetString());
    var codes = await SystemCheck.FetchCodesAsync(http, options.Gateway, stop);
    Console.WriteLine($"  catalogue {codes.CatalogueVersion}: {codes.ItemCodes.Count} item codes, {codes.GridCodes.Count} grid codes");

    await using var listener = await RoutedListener.StartAsync(options.RabbitMq, stop);
    Console.WriteLine("  listening for CaseRouted on a temporary queue");

    // One call end to end first: proves the listener hears CaseRouted before the load is spent.
    var load = new IntakeLoad(http, options.Gateway, codes);
    var probe = await load.PostOneAsync(stop);
    if (!probe.Accepted)
    {
        throw new UnreachableException($"The probe call was not accepted: POST /api/calls answered {probe.Outcome}.");
    }

    await listener.WaitForAllAsync([probe.CaseId!.Value], TimeSpan.FromSeconds(30), stop);
    if (!listener.TryGetArrival(probe.CaseId.Value, out _))
    {
        Console.WriteLine("  WARNING: the probe call was not routed within 30 s; call -> routed figures will be missing");
    }

    if (options.Lifecycle)
    {
        return (null, await LifecyclePhase.RunAsync(options, http, load, listener, codes, stop));
    }

    await using var deadlines = options.Deadlines > 0 ? await DeadlineLag.StartAsync(options.Postgres, options.RabbitMq, options.Deadlines, stop) : null;
    Console.WriteLine($"Intake phase: {options.Clients} clients{(options.Rate is { } rate ? $" starting {rate:F0} calls/s" : string.Empty)}, {options.WarmupSeconds} s warm-up + {options.Seconds} s measured");
    await using var projection = ProjectionLag.Start(options.Postgres);
    var (samples, measured) = await load.RunAsync(options.Clients, warmup, window, options.Rate, stop);
    var accepted = samples.Where(sample => sample.Accepted).Select(sample => sample.CaseId!.Value).ToList();
    await listener.WaitForAllAsync(accepted, TimeSpan.FromSeconds(options.RouteWaitSeconds), stop);
    return (Report.Summarize(samples, measured, listener) with { DeadlineLag = deadlines?.Lag, ProjectionLag = projection.Lag }, null);
}
