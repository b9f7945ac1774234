using System.Diagnostics;
using CallResponse.Testing;

namespace CallResponse.Chaos;

/// <summary>One fault: when it starts (from the start of the load), what it is, and for how long.</summary>
/// <param name="Kind">
/// kill, database-outage, broker-restart, broker-kill, broker-freeze, terminate-backends, long-transaction.
/// </param>
/// <param name="Targets">The services a kill takes down.</param>
public sealed record Fault(TimeSpan At, string Kind, IReadOnlyList<string> Targets, TimeSpan For)
{
    public override string ToString() =>
        $"{At.TotalSeconds,6:0.0}s {Kind}{(Targets.Count > 0 ? " " + string.Join("+", Targets) : "")}"
        + (For > TimeSpan.Zero ? $" for {For.TotalSeconds:0}s" : "");
}

/// <summary>
/// The faults of a run, drawn from its seed so that a failing run can be run again exactly, and the
/// supervisor's part: a killed service is started again after a few seconds, until it is ready.
/// </summary>
public sealed class Faults(RunningSystem system, Servers servers, IReadOnlyList<Fault> schedule)
{
    private static readonly string[] ServiceNames = ["gateway", "intake", "routing", "cases", "sla"];
    private readonly List<Task> restarts = [];
    private readonly HashSet<string> down = [];

    public IReadOnlyList<Fault> Schedule => schedule;

    /// <summary>Restarts of a killed service that failed before one succeeded (it was not ready in time).</summary>
    public int FailedRestarts { get; private set; }

    public static IReadOnlyList<Fault> Draw(Profile profile, int seed)
    {
        var random = new Random(seed);
        var window = profile.LoadFor;
        TimeSpan Anytime() => window * (0.05 + (0.85 * random.NextDouble()));
        var faults = new List<Fault>();
        for (var n = 0; n < profile.Kills; n++)
        {
            var first = ServiceNames[random.Next(ServiceNames.Length)];
            var targets = random.NextDouble() < 0.25
                ? new[]
                {
                    first,
                    ServiceNames.Where(name => name != first).ElementAt(random.Next(ServiceNames.Length - 1)),
                }
                : [first];
            faults.Add(new Fault(Anytime(), "kill", targets, TimeSpan.FromSeconds(1 + random.Next(4))));
        }

        // Server faults one after another, each in its own slice of the window, so that they never overlap.
        var serverFaults = new List<(string Kind, TimeSpan For)>();
        for (var n = 0; n < profile.DatabaseOutages; n++)
        {
            serverFaults.Add(
                ("database-outage", n == 0 ? profile.LongOutage : TimeSpan.FromSeconds(5 + random.Next(15))));
        }

        for (var n = 0; n < profile.BrokerRestarts; n++)
        {
            serverFaults.Add(
                (n % 2 == 0 ? "broker-restart" : "broker-kill", TimeSpan.FromSeconds(3 + random.Next(10))));
        }

        serverFaults.AddRange(Enumerable.Repeat(("broker-freeze", profile.FreezeFor), profile.BrokerFreezes));
        serverFaults.AddRange(Enumerable.Repeat(("terminate-backends", TimeSpan.Zero), profile.BackendTerminations));
        serverFaults.AddRange(
            Enumerable.Repeat(("long-transaction", TimeSpan.FromSeconds(60)), profile.LongTransactions));
        var shuffled = serverFaults.OrderBy(_ => random.Next()).ToList();
        var slice = window * 0.85 / Math.Max(shuffled.Count, 1);
        for (var n = 0; n < shuffled.Count; n++)
        {
            var at = (window * 0.08) + (slice * n) + (slice * 0.3 * random.NextDouble());
            faults.Add(new Fault(at, shuffled[n].Kind, [], shuffled[n].For));
        }

        return faults.OrderBy(fault => fault.At).ToList();
    }

    /// <summary>
    /// Runs the schedule from <paramref name="start"/>; returns when every fault has ended and every
    /// service is back.
    /// </summary>
    public async Task RunAsync(
        Stopwatch start, string database, Action<string> log, CancellationToken cancellationToken)
    {
        var held = new List<Task>();
        foreach (var fault in schedule)
        {
            if (fault.At > start.Elapsed)
            {
                await Task.Delay(fault.At - start.Elapsed, cancellationToken);
            }

            log($"fault  {fault}");
            switch (fault.Kind)
            {
                case "kill":
                    foreach (var name in fault.Targets.Where(TakeDown))
                    {
                        system.Service(name).Kill();
                        restarts.Add(RestartAsync(name, fault.For, log));
                    }

                    break;
                case "database-outage":
                    await servers.ActAsync("postgres-stop");
                    await Task.Delay(fault.For, cancellationToken);
                    await servers.ActAsync("postgres-start");
                    break;
                case "broker-restart":
                case "broker-kill":
                    await servers.ActAsync(fault.Kind == "broker-kill" ? "broker-kill" : "broker-stop");
                    await Task.Delay(fault.For, cancellationToken);
                    await servers.ActAsync("broker-start");
                    break;
                case "broker-freeze":
                    await servers.ActAsync("broker-freeze");
                    await Task.Delay(fault.For, cancellationToken);
                    await servers.ActAsync("broker-thaw");
                    break;
                case "terminate-backends":
                    log($"       {await servers.TerminateBackendsAsync(database)} backends terminated");
                    break;
                case "long-transaction":
                    held.Add(servers.HoldTransactionAsync(database, fault.For, cancellationToken));
                    break;
                default:
                    throw new InvalidOperationException($"unknown fault {fault.Kind}");
            }
        }

        await Task.WhenAll(held);
        await Task.WhenAll(restarts);
    }

    /// <summary>Whether the service is up, so it may be killed: one already down is left to its restart.</summary>
    private bool TakeDown(string name)
    {
        lock (down)
        {
            return down.Add(name);
        }
    }

    /// <summary>
    /// The supervisor's part: start the service again after <paramref name="after"/>, until it is ready.
    /// </summary>
    private async Task RestartAsync(string name, TimeSpan after, Action<string> log)
    {
        await Task.Delay(after);
        while (true)
        {
            try
            {
                await system.Service(name).StartAsync();
                lock (down)
                {
                    down.Remove(name);
                }

                return;
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
            {
                // Not ready in time, or exited at start (its database was down): as a supervisor would, again.
                FailedRestarts++;
                log($"       {name} did not start ({exception.GetType().Name}); starting it again");
                system.Service(name).Kill();
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
