using CallResponse.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace CallResponse.Benchmark;

/// <summary>
/// The workbench's pages in Debian's chromium (<c>--pages</c>), against the running system and
/// whatever it holds (run <c>--lifecycle</c> first for the million cases): each page loaded afresh
/// several times, from navigation until its content shows. Target: every load ≤ 1 s.
/// </summary>
internal static class PagesPhase
{
    private const int Loads = 5;

    /// <summary>A page: who opens it, where, and what shows that it has loaded.</summary>
    private sealed record PageToTime(string Name, string Role, string Unit, string Route, string Loaded);

    public static async Task<(long Cases, IReadOnlyList<(string Page, LatencySummary Load)> Pages)> RunAsync(Options options, CancellationToken stop)
    {
        var (cases, sample) = await CasesAsync(options.Postgres, stop);
        PageToTime[] pages =
        [
            new("log a call (grid worker)", "grid-worker", "LW-HL-01-G01", "/#/log", "select[name=itemCode]"),
            new("recent cases (grid worker)", "grid-worker", "LW-HL-01-G01", "/#/cases", "[data-testid=case-list] li"),
            new("department queue (liaison)", "liaison", "SW", "/#/cases", "[data-testid=case-list] li"),
            new("triage desk (street dispatcher)", "street-dispatcher", "LW-HL", "/#/triage", "[data-testid=triage-list] li"),
            new("case page (supervisor)", "supervisor", "LW", $"/#/cases/{sample}", "[data-testid=timeline] li"),
            new("dashboard (supervisor)", "supervisor", "LW", "/#/dashboard", "[data-testid=unit-table]"),
        ];

        Console.WriteLine($"Pages phase: {pages.Length} pages × {Loads} loads in chromium, {cases} cases in the read model");
        await using var browser = await WorkbenchBrowser.LaunchAsync();
        var results = new List<(string, LatencySummary)>();
        foreach (var signedIn in pages.GroupBy(page => (page.Role, page.Unit)))
        {
            var tab = await browser.NewPageAsync(options.Gateway);
            await WorkbenchBrowser.SignInAsync(tab, signedIn.Key.Role, signedIn.Key.Unit);
            foreach (var page in signedIn)
            {
                var loads = new List<double>();
                for (var i = 0; i < Loads && !stop.IsCancellationRequested; i++)
                {
                    loads.Add((await WorkbenchBrowser.TimedGotoAsync(tab, page.Route, tab.Locator(page.Loaded))).TotalMilliseconds);
                }

                results.Add((page.Name, Percentiles.Summarize(loads)));
            }

            await tab.Context.CloseAsync();
        }

        return (cases, results);
    }

    /// <summary>How many cases the read model holds, and the newest case logged for real (it has a history to show).</summary>
    private static async Task<(long Cases, Guid Sample)> CasesAsync(string postgres, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(stop);
        await using var count = new NpgsqlCommand("select count(*) from cases.mt_doc_case", connection);
        var cases = (long)(await count.ExecuteScalarAsync(stop))!;
        await using var newest = new NpgsqlCommand("select id from cases.mt_doc_case where mt_dotnet_type <> $1 order by logged_at desc limit 1", connection)
        {
            Parameters = { new() { Value = LifecyclePhase.SeedMarker } },
        };
        return (cases, await newest.ExecuteScalarAsync(stop) as Guid? ?? throw new InvalidOperationException("No case was ever logged: run the benchmark's intake or lifecycle phase first."));
    }
}
