using System.Globalization;
using CallResponse.Testing;

namespace CallResponse.Fuzz.Tests;

/// <summary>
/// The full run (deploy/fuzz): <c>--requests N</c> (10,000), <c>--seed S</c> (17), <c>--request K</c> to send
/// request K of the seed's plan alone, printing it and its answer. Exits 1 on any finding.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? Option(string name) =>
            args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
        int? Number(string name) =>
            Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

        var options = new FuzzOptions(
            Number("--requests") ?? 10_000, Number("--seed") ?? FuzzTests.Seed, Number("--request"));
        var system = new RunningSystem();
        Log("starting the system (every service behind the gateway, a fresh database and virtual host)");
        await system.InitializeAsync();
        try
        {
            var report = await Fuzzer.RunAsync(system, options, Log);
            Console.WriteLine(report.Summary());
            return report.Findings.IsEmpty ? 0 : 1;
        }
        finally
        {
            await system.DisposeAsync();
        }
    }

    private static void Log(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
