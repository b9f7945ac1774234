using System.Diagnostics;

namespace CallResponse.Benchmark;

/// <summary>What the intake phase measured.</summary>
internal sealed record IntakeResult(
    double AcceptedPerSecond,
    int Accepted,
    IReadOnlyDictionary<string, int> ErrorsByOutcome,
    LatencySummary PostLatency,
    LatencySummary RoutedLatency,
    int NotRouted,
    TimeSpan Measured)
{
    /// <summary>How late the SLA poller fired seeded deadlines during the phase, if any were seeded.</summary>
    public LatencySummary? DeadlineLag { get; init; }

    /// <summary>How far the measure totals trailed the newest case event, sampled during the phase.</summary>
    public LatencySummary? ProjectionLag { get; init; }
}

/// <summary>What the raw Marten phase measured.</summary>
internal sealed record RawResult(double StoredPerSecond, int Stored, int Failed, LatencySummary Latency, TimeSpan Measured);

/// <summary>Turns samples into figures and prints the report.</summary>
internal static class Report
{
    /// <summary>The intake/raw ratio the system must reach: the pipeline may cost at most half the raw write rate.</summary>
    public const double Target = 0.5;

    public static IntakeResult Summarize(IReadOnlyList<CallSample> samples, TimeSpan measured, RoutedListener listener)
    {
        var accepted = samples.Where(sample => sample.Accepted).ToList();
        var routedMs = new List<double>(accepted.Count);
        foreach (var call in accepted)
        {
            if (listener.TryGetArrival(call.CaseId!.Value, out var arrivedAt))
            {
                // Can be slightly negative when CaseRouted beat the reading of the HTTP answer.
                routedMs.Add(Stopwatch.GetElapsedTime(call.CompletedAt, arrivedAt).TotalMilliseconds);
            }
        }

        return new IntakeResult(
            accepted.Count / Math.Max(measured.TotalSeconds, 0.001),
            accepted.Count,
            samples.Where(sample => !sample.Accepted).GroupBy(sample => sample.Outcome).ToDictionary(group => group.Key, group => group.Count()),
            Percentiles.Summarize(accepted.Select(sample => sample.LatencyMs)),
            Percentiles.Summarize(routedMs),
            accepted.Count - routedMs.Count,
            measured);
    }

    public static void Print(long cases, IReadOnlyList<(string Page, LatencySummary Load)> pages)
    {
        Console.WriteLine();
        Console.WriteLine($"================ CallResponse benchmark: the workbench's pages ({cases} cases) ================");
        foreach (var (page, load) in pages)
        {
            Console.WriteLine($"  {page,-34} ms {load}");
        }

        var worst = pages.Max(page => page.Load.Max);
        Console.WriteLine($"  slowest load {worst:F0} ms   target <= 1000 ms   {(pages.All(page => page.Load.Count > 0) && worst <= 1000 ? "PASS" : "FAIL")}");
        Console.WriteLine("===============================================================================================");
    }

    public static void Print(LifecycleResult lifecycle)
    {
        var ratio = lifecycle.CommandsPerSecond / Math.Max(lifecycle.RawAppendsPerSecond, 0.001);
        Console.WriteLine();
        Console.WriteLine("================ CallResponse benchmark: the case API at scale ================");
        Console.WriteLine($"  read model                {lifecycle.Seeded} seeded cases (this run seeded for {lifecycle.SeedTime.TotalSeconds:F0} s)");
        if (lifecycle.TotalsTime is { } totals)
        {
            Console.WriteLine($"  measure totals            recomputed from the documents in {totals.TotalSeconds:F0} s");
        }

        Console.WriteLine($"  GET /api/cases page ms    {lifecycle.ListPage}");
        Console.WriteLine($"  p99 {lifecycle.ListPage.P99:F1} ms   target <= 10 ms   {(lifecycle.ListPage.Count > 0 && lifecycle.ListPage.P99 <= 10 ? "PASS" : "FAIL")}");
        Console.WriteLine($"  GET .../history ms        {lifecycle.History}");
        Console.WriteLine($"  p99 {lifecycle.History.P99:F1} ms   target <= 10 ms   {(lifecycle.History.Count > 0 && lifecycle.History.P99 <= 10 ? "PASS" : "FAIL")}");
        Console.WriteLine($"  GET /api/measures ms      by department, a quarter: {lifecycle.MeasuresByDepartment}");
        Console.WriteLine($"                            by community, a quarter:  {lifecycle.MeasuresByCommunity}");
        var measuresP99 = Math.Max(lifecycle.MeasuresByDepartment.P99, lifecycle.MeasuresByCommunity.P99);
        Console.WriteLine($"  p99 {measuresP99:F1} ms   target <= 100 ms   {(lifecycle.MeasuresByCommunity.Count > 0 && measuresP99 <= 100 ? "PASS" : "FAIL")}");
        Console.WriteLine($"  claim + resolve /s        {lifecycle.CommandsPerSecond,10:F1}");
        Console.WriteLine($"  raw append (expected v)/s {lifecycle.RawAppendsPerSecond,10:F1}");
        // Not a target: what Marten alone does for a command (no HTTP, broker or consumers), to read the ratio against.
        Console.WriteLine($"  fetch + append /s         {lifecycle.FetchAndAppendsPerSecond,10:F1}   (FetchForWriting, append, inline snapshot; {lifecycle.FetchAndAppendsPerSecond / Math.Max(lifecycle.RawAppendsPerSecond, 0.001):F2} of raw)");
        Console.WriteLine($"  commands / raw = {ratio:F2}   target >= 0.60   {(ratio >= 0.6 ? "PASS" : "FAIL")}");
        Console.WriteLine("===============================================================================");
    }

    public static void Print(Options options, RoutingResult routing, IntakeResult? intake, RawResult? raw)
    {
        Console.WriteLine();
        Console.WriteLine("================ CallResponse benchmark ================");
        var pace = options.Rate is { } rate ? $", intake paced at {rate:F0} calls/s" : string.Empty;
        Console.WriteLine($"clients {options.Clients}{pace}, measured {options.Seconds} s per phase after {options.WarmupSeconds} s warm-up, gateway {options.Gateway}");
        Console.WriteLine();
        Console.WriteLine("Routing decision (in-process, one thread, shipped catalogue, tree and rules)");
        Console.WriteLine($"  decisions/s              {routing.PerSecond,10:F0}   ({routing.Decisions} decisions)");
        Console.WriteLine($"  cost in microseconds     {routing.Microseconds}");
        Console.WriteLine($"  p99 {routing.Microseconds.P99:F1} us   target <= {RoutingCost.TargetMicroseconds:F0} us   {(routing.Microseconds.P99 <= RoutingCost.TargetMicroseconds ? "PASS" : "FAIL")}");
        if (intake is not null)
        {
            var errors = intake.ErrorsByOutcome.Count == 0
                ? "none"
                : string.Join(", ", intake.ErrorsByOutcome.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}: {pair.Value}"));
            Console.WriteLine();
            Console.WriteLine("Intake (POST /api/calls through the gateway)");
            Console.WriteLine($"  accepted calls/s (2xx)   {intake.AcceptedPerSecond,10:F1}   ({intake.Accepted} in {intake.Measured.TotalSeconds:F1} s)");
            Console.WriteLine($"  errors                   {errors}");
            Console.WriteLine($"  POST latency ms (2xx)    {intake.PostLatency}");
            Console.WriteLine($"  call -> routed ms        {intake.RoutedLatency}");
            Console.WriteLine($"  not routed within {options.RouteWaitSeconds} s  {intake.NotRouted}");
            if (intake.DeadlineLag is { } lag)
            {
                Console.WriteLine();
                Console.WriteLine($"SLA deadlines ({options.Deadlines} pending, due over {DeadlineLag.Horizon.TotalMinutes:F0} min; those due during the phase)");
                Console.WriteLine($"  firing lag ms            {lag}");
                Console.WriteLine($"  p99 {lag.P99:F0} ms   target <= 1000 ms   {(lag.Count > 0 && lag.P99 <= 1000 ? "PASS" : "FAIL")}");
            }

            if (intake.ProjectionLag is { } behind)
            {
                Console.WriteLine();
                Console.WriteLine($"Measure totals (async projection {ProjectionLag.Projection}), sampled during the phase");
                Console.WriteLine($"  behind the newest event ms {behind}");
                Console.WriteLine($"  p99 {behind.P99:F0} ms   target <= 2000 ms   {(behind.Count > 0 && behind.P99 <= 2000 ? "PASS" : "FAIL")}");
            }
        }

        if (raw is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"Raw Marten (StartStream + SaveChangesAsync, schema {RawMartenLoad.Schema})");
            Console.WriteLine($"  streams/s                {raw.StoredPerSecond,10:F1}   ({raw.Stored} in {raw.Measured.TotalSeconds:F1} s, {raw.Failed} failed)");
            Console.WriteLine($"  write latency ms         {raw.Latency}");
        }

        // A paced intake measures lags, not how much the system takes: no ratio then.
        if (intake is not null && raw is not null && raw.StoredPerSecond > 0 && options.Rate is null)
        {
            var ratio = intake.AcceptedPerSecond / raw.StoredPerSecond;
            Console.WriteLine();
            Console.WriteLine($"intake / raw = {ratio:F2}   target >= {Target:F2}   {(ratio >= Target ? "PASS" : "FAIL")}");
        }

        Console.WriteLine("========================================================");
    }
}
