using System.Diagnostics;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using CallResponse.Routing.Rules;

namespace CallResponse.Benchmark;

/// <summary>What one routing decision costs in-process, over the shipped catalogue, tree and rules.</summary>
internal sealed record RoutingResult(int Decisions, double PerSecond, LatencySummary Microseconds);

/// <summary>
/// Times <see cref="Router.Decide"/> one call at a time over every item at a spread of grids and
/// hours (with some unknown items and places), after a warm-up so the JIT has settled.
/// </summary>
internal static class RoutingCost
{
    public const double TargetMicroseconds = 1000;

    public static RoutingResult Run(int decisions = 200_000)
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data");
        var catalogue = CatalogueFile.Load(Path.Combine(data, "catalogue.json"));
        var areas = AreaFile.Load(Path.Combine(data, "areas.json"));
        var basis = new RoutingBasis(catalogue, areas, RoutingRulesFile.Load(Path.Combine(data, "routing-rules.json"), catalogue, areas));

        var items = catalogue.Categories.SelectMany(category => category.Items).Select(item => item.Code).Append("UNKNOWN-99").ToArray();
        var grids = Grids(areas.Root).Append("LW-NOWHERE").ToArray();
        var random = new Random(20261124);
        var facts = Enumerable.Range(0, decisions)
            .Select(_ => new CaseFacts(items[random.Next(items.Length)], grids[random.Next(grids.Length)], new DateTimeOffset(2026, 11, 24, random.Next(24), 0, 0, TimeSpan.FromHours(8))))
            .ToArray();

        foreach (var fact in facts.Take(20_000))
        {
            Router.Decide(basis, fact);
        }

        var micros = new double[facts.Length];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < facts.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Router.Decide(basis, facts[i]);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        total.Stop();
        return new RoutingResult(facts.Length, facts.Length / total.Elapsed.TotalSeconds, Percentiles.Summarize(micros));
    }

    private static IEnumerable<string> Grids(Area area) =>
        area.Level == AreaLevels.Grid ? [area.Code] : area.Children.SelectMany(Grids);
}
