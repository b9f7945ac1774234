using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CallResponse.Chaos;
using CallResponse.Testing;

// The chaos checker (./deploy/chaos): the system on servers of its own, calls and case commands at a
// steady pace while a seeded schedule kills services and stops, kills and freezes PostgreSQL and
// RabbitMQ; then every accepted call is counted at every stage. Exit code 0 only when nothing was lost,
// doubled, refused unexpectedly, divergent, parked or stuck, and the measures agree.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const string Usage = "usage: chaos [--profile short|full] [--seed N] [--out FILE]";
var profile = Profile.Short;
var seed = Environment.TickCount & 0xFFFF;
string? output = null;
for (var n = 0; n < args.Length; n++)
{
    switch (args[n])
    {
        case "--profile" when n + 1 < args.Length && Profile.Named(args[n + 1]) is { } named:
            profile = named;
            n++;
            break;
        case "--seed" when n + 1 < args.Length && int.TryParse(args[n + 1], out var chosen):
            seed = chosen;
            n++;
            break;
        case "--out" when n + 1 < args.Length:
            output = args[++n];
            break;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

var runDirectory = RepositoryLayout.SourceFile("deploy/.run/chaos");
output ??= Path.Combine(runDirectory, $"chaos-{profile.Name}-{seed}.json");
var clock = Stopwatch.StartNew();
void Log(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

var servers = new Servers(
    RepositoryLayout.SourceFile("deploy/lib/chaos-servers.sh"), Path.Combine(runDirectory, "servers"));
Log($"chaos: profile {profile.Name}, seed {seed}; starting its own PostgreSQL (:25432) and RabbitMQ (:5673)");
await servers.StartAsync();
Environment.SetEnvironmentVariable("CALLRESPONSE_TEST_POSTGRES", Servers.Postgres);
Environment.SetEnvironmentVariable("CALLRESPONSE_TEST_RABBITMQ", Servers.Broker);
Environment.SetEnvironmentVariable("CALLRESPONSE_TEST_RABBITMQ_MANAGEMENT", Servers.Management);

// Deadlines shrunk 200-fold, so that they warn, breach and open supervision orders while the faults run
// (none of the load's items escalates on a breach); a wake-up whose SLA process was killed before sending
// it fires again after 30 s rather than 2 minutes, within the audit's patience for a deadline (60 s past due).
var system = RunningSystem.With(new Dictionary<string, string>
{
    ["Sla__TargetScale"] = "0.005",
    ["Sla__WakeupLease"] = "00:00:30",
    ["Parking__CheckEvery"] = "00:00:02",
    ["Logging__LogLevel__Default"] = "Warning",
});
var started = false;
try
{
    await system.InitializeAsync();
    started = true;
    var schedule = Faults.Draw(profile, seed);
    Log($"system up; {profile.Calls} calls at {profile.CallsPerSecond}/s "
        + $"over {profile.LoadFor.TotalSeconds:0} s, {schedule.Count} faults");
    var load = new Load(system, profile, seed);
    var faults = new Faults(system, servers, schedule);
    var loadStarted = Stopwatch.StartNew();
    var loading = load.RunAsync(
        DateTimeOffset.UtcNow + profile.LoadFor + TimeSpan.FromMinutes(10), CancellationToken.None);
    await faults.RunAsync(loadStarted, system.Database.Name, Log, CancellationToken.None);
    var faultsEnded = loadStarted.Elapsed;
    Log("faults over; every service is up");
    await loading;
    Log($"load over: {load.Calls.Count(call => call.Final == Outcome.Accepted)} calls accepted");

    var audit = new Audit(system, load);
    var drained = await audit.DrainAsync(profile.DrainWithin, Log);
    var drainTime = loadStarted.Elapsed - faultsEnded;
    var settled = await audit.SettleAsync(TimeSpan.FromMinutes(2), Log);
    var counts = await audit.CountAsync();
    var (p50, p99, max) = await audit.CallToRoutedSecondsAsync();
    var report = new
    {
        profile = profile.Name,
        seed,
        passed = counts.Passed && drained,
        calls = new
        {
            posted = load.Calls.Count,
            accepted = load.Calls.Count(call => call.Final == Outcome.Accepted),
            attempts = load.Calls.Sum(call => call.Attempts),
            answers = load.Answers,
        },
        commands = load.Commands.Values.SelectMany(history => history)
            .GroupBy(record => $"{record.Command} {record.Outcome}".ToLowerInvariant())
            .ToDictionary(group => group.Key, group => group.Count()),
        faults = schedule.Select(fault => fault.ToString().Trim()),
        failedRestarts = faults.FailedRestarts,
        counts,
        drainSeconds = Math.Round(drainTime.TotalSeconds, 1),
        settled,
        callToRoutedSeconds = new { p50 = Math.Round(p50, 2), p99 = Math.Round(p99, 2), max = Math.Round(max, 2) },
        totalSeconds = Math.Round(clock.Elapsed.TotalSeconds),
    };
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(
        output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));

    Console.WriteLine();
    Console.WriteLine($"chaos {profile.Name} seed {seed}: {(report.passed ? "PASSED" : "FAILED")}");
    Console.WriteLine($"  calls     {report.calls.posted} posted, {report.calls.accepted} accepted, "
                      + $"{report.calls.attempts} attempts, answers "
                      + string.Join(", ", load.Answers.OrderBy(pair => pair.Key)
                          .Select(pair => $"{pair.Key} {pair.Value}")));
    Console.WriteLine("  commands  "
                      + string.Join(", ", report.commands.OrderBy(pair => pair.Key)
                          .Select(pair => $"{pair.Key} {pair.Value}")));
    Console.WriteLine($"  faults    {schedule.Count(fault => fault.Kind == "kill")} kills "
                      + $"({schedule.Where(fault => fault.Kind == "kill").Sum(fault => fault.Targets.Count)} "
                      + "services), "
                      + string.Join(", ", schedule.Where(fault => fault.Kind != "kill").GroupBy(fault => fault.Kind)
                          .Select(group => $"{group.Count()} {group.Key}")));
    foreach (var (name, values) in new[]
             {
                 ("lost", counts.Lost), ("duplicated", counts.Duplicated), ("unexpected", counts.Unexpected),
                 ("divergent", counts.Divergent), ("parked", counts.Parked), ("stuck", counts.Stuck),
             })
    {
        Console.WriteLine($"  {name,-10}{values.Values.Sum(),6}   "
                          + string.Join(", ", values.Select(pair => $"{pair.Key} {pair.Value}")));
    }

    Console.WriteLine($"  recovered {counts.Recovered,6}   uncertain answers whose call was stored");
    foreach (var (name, samples) in counts.Samples.Where(pair =>
                 counts.Divergent.GetValueOrDefault(pair.Key) + counts.Stuck.GetValueOrDefault(pair.Key) > 0))
    {
        Console.WriteLine($"  sample    {name}: {string.Join("; ", samples)}");
    }

    Console.WriteLine($"  measures  {counts.MeasureDifferences,6}   rows differing from a recomputation; "
                      + $"{counts.DocumentsBehindStreams} sampled case documents behind their streams");
    Console.WriteLine($"  drained   {(drained ? "yes" : "NO")} {report.drainSeconds} s after the last fault; "
                      + $"call → routed p50 {report.callToRoutedSeconds.p50} s, "
                      + $"p99 {report.callToRoutedSeconds.p99} s, "
                      + $"max {report.callToRoutedSeconds.max} s");
    Console.WriteLine($"  report    {output}");
    return report.passed ? 0 : 1;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"chaos: the run itself failed: {exception}");
    return 3;
}
finally
{
    if (started)
    {
        try
        {
            await servers.ActAsync("postgres-start"); // a run that failed mid-outage left it stopped
            await system.DisposeAsync(); // a system that failed to start has stopped itself
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"chaos: cleaning up failed: {exception.Message}");
        }
    }

    await servers.StopAsync();
}
