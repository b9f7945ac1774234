using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CallResponse.Testing;

/// <summary>
/// One service run as its own process from its build output, on a free port, as <c>./deploy/up</c>
/// runs it. It can be killed (SIGKILL) and started again; everything it prints is kept so a test can
/// search it (e.g. for personal data that must never be logged).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    public ServiceProcess(string name, int port, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        dll = RepositoryLayout.ServiceAssembly(name);
        this.environment = environment;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every line the process has printed so far, over all its starts.</summary>
    public IEnumerable<string> Output => output;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        // This run's tokens, and no identity service unless the test gives one (appsettings.Development.json
        // names the local one).
        start.Environment["Auth__DevelopmentKeyFile"] = TestTokens.KeyFile;
        start.Environment["Auth__Issuer"] = string.Empty;
        start.Environment["Auth__KeysAddress"] = string.Empty;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as in a crash.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGSTOP: the process keeps its sockets but answers nothing, as a hung service does.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process runs on.</summary>
    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        var target = process is { HasExited: false } running ? running.Id : throw new InvalidOperationException($"{Name} is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", target.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        await Task.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private async Task WaitUntilReadyAsync(Process started)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {started.ExitCode} during start-up:\n{Tail()}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow to answer while starting
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within {ReadyTimeout.TotalSeconds} s:\n{Tail()}");
    }

    private string Tail() => string.Join('\n', output.TakeLast(40));
}
