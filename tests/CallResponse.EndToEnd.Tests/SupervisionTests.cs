using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// The deployment as <c>./deploy/up</c> makes it: every service under our own supervisord, which starts
/// one that dies again. Run on this test's own database, virtual host, ports and run folder, so a
/// deployment already running on this machine is left alone.
/// </summary>
public sealed partial class SupervisionTests : IAsyncLifetime
{
    private static readonly string[] ServiceNames = ["gateway", "intake", "routing", "cases", "sla", "identity"];
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(60);
    private readonly string runDirectory = Path.Combine(Path.GetTempPath(), $"cr-supervision-{Guid.NewGuid():N}"[..24]);
    private readonly Dictionary<string, int> ports =
        ServiceNames.ToDictionary(name => name, _ => ServiceProcess.FreePort());
    private TestDatabase database = null!;
    private TestVirtualHost broker = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        broker = await TestVirtualHost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await DeployAsync("down");
        await broker.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(runDirectory, recursive: true);
    }

    [Fact]
    public async Task A_killed_service_is_started_again_and_down_leaves_no_process()
    {
        var up = await DeployAsync("up", "--no-build");
        Assert.True(up.ExitCode == 0, up.Output);
        var before = await StatusAsync();
        Assert.All(ServiceNames, name => Assert.Equal("RUNNING", before[name].State));
        var startedBefore = new Dictionary<string, double>();
        foreach (var victim in new[] { "sla", "intake" })
        {
            startedBefore[victim] = await StartTimeAsync(victim);
            using var process = Process.GetProcessById(before[victim].Pid);
            process.Kill();
        }

        var after = await Eventually.GetAsync(
            StatusAsync,
            status => startedBefore.Keys.All(name =>
                status[name] is { State: "RUNNING", Ready: true } now && now.Pid != before[name].Pid),
            BackWithin,
            "supervisord to start sla and intake again, running and ready");

        foreach (var (victim, startedAt) in startedBefore)
        {
            Assert.True(await StartTimeAsync(victim) > startedAt, $"{victim}'s start-time gauge did not move");
            Assert.True(after[victim].Restarts >= 1, $"{victim}'s restart is not counted");
        }

        Assert.Equal(before["cases"].Pid, after["cases"].Pid);
        var supervisorLog = await File.ReadAllTextAsync(Path.Combine(runDirectory, "logs", "supervisord.log"));
        Assert.Contains("exited: sla (terminated by SIGKILL; not expected)", supervisorLog);
        var supervisor = int.Parse(
            await File.ReadAllTextAsync(Path.Combine(runDirectory, "supervisor", "supervisord.pid")),
            CultureInfo.InvariantCulture);

        var down = await DeployAsync("down");

        Assert.True(down.ExitCode == 0, down.Output);
        var pids = before.Values.Concat(after.Values).Select(service => service.Pid).Append(supervisor);
        Assert.All(pids.Where(pid => pid > 0), pid => Assert.False(IsRunning(pid), $"{pid} runs after {down.Output}"));
        Assert.NotEqual(0, (await DeployAsync("status")).ExitCode);
    }

    private async Task<Dictionary<string, ServiceStatus>> StatusAsync()
    {
        var status = await DeployAsync("status");
        return status.Output.Split('\n')
            .Select(line => StatusLine().Match(line))
            .Where(match => match.Success)
            .ToDictionary(
                match => match.Groups["name"].Value,
                match => new ServiceStatus(
                    match.Groups["state"].Value,
                    int.TryParse(match.Groups["pid"].Value, CultureInfo.InvariantCulture, out var pid) ? pid : 0,
                    int.Parse(match.Groups["restarts"].Value, CultureInfo.InvariantCulture),
                    match.Groups["ready"].Value == "yes"));
    }

    /// <summary>The service's <c>callresponse_process_start_time_seconds</c>, from its <c>/metrics</c>.</summary>
    private async Task<double> StartTimeAsync(string service)
    {
        // deploy/up runs Production: /metrics answers on the management port only (the service's port + 1000).
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[service] + 1000}") };
        var metrics = await http.GetStringAsync("/metrics");
        var gauge = StartTimeGauge().Match(metrics);
        Assert.True(gauge.Success, $"{service} exports no callresponse_process_start_time_seconds");
        return double.Parse(gauge.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a deploy/ script against this test's servers, ports and run folder.</summary>
    private async Task<(int ExitCode, string Output)> DeployAsync(params string[] command)
    {
        var start = new ProcessStartInfo("bash", [RepositoryLayout.SourceFile($"deploy/{command[0]}"), .. command[1..]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CALLRESPONSE_SERVERS"] = "external";
        start.Environment["ConnectionStrings__Postgres"] = database.ConnectionString;
        start.Environment["ConnectionStrings__RabbitMq"] = broker.Broker.ToString();
        start.Environment["CALLRESPONSE_RUN_DIR"] = runDirectory;
        foreach (var (name, port) in ports)
        {
            var variable = $"CALLRESPONSE_PORT_{name.ToUpperInvariant()}";
            start.Environment[variable] = port.ToString(CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The process exists and is no zombie (an exited daemon waits here for PID 1 to reap it).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed record ServiceStatus(string State, int Pid, int Restarts, bool Ready);

    [GeneratedRegex(@"^(?<name>[a-z]+)\s+(?<state>[A-Z]+)\s+(?<pid>\S+)\s+\S+\s+(?<restarts>\d+)\s+(?<ready>yes|no)\b")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^callresponse_process_start_time_seconds(\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex StartTimeGauge();
}
