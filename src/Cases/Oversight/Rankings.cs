using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// Rankings of units (排名) by a composite score over a range: 40% on-time response, 40% on-time
/// closure, 20% satisfaction (<see cref="Score"/>; src/docs/measures.md). <c>GET /api/rankings</c>.
/// </summary>
public static class Rankings
{
    public static readonly IReadOnlySet<string> RankedBy = new HashSet<string> { "department", "street", "community" };

    /// <param name="Score">0-100; null when the unit had no assigned case.</param>
    public sealed record RankedUnit(
        int Rank,
        string Unit,
        double? Score,
        long Assigned,
        double? OnTimeResponseRate,
        double? OnTimeClosureRate,
        double? SatisfactionRate);

    /// <param name="From">The first day counted (China Standard Time).</param>
    /// <param name="To">The last day counted, included.</param>
    public sealed record Ranking(string By, DateOnly From, DateOnly To, IReadOnlyList<RankedUnit> Units);

    public static IEndpointRouteBuilder MapRankings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/rankings", HandleAsync)
            .WithName("GetRankings")
            .WithTags("Oversight")
            .WithSummary("Units ranked by composite score (40% on-time response, 40% on-time closure, 20% "
                + "satisfaction). by=department|street|community; from, to: days (yyyy-MM-dd, both included; default "
                + "the last 90 days); format=csv for a UTF-8 CSV that Excel opens.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Ranking>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        HttpContext context, NpgsqlDataSource database, TimeProvider clock, CancellationToken cancellationToken,
        string by = "department", DateOnly? from = null, DateOnly? to = null, string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        var days = GetMeasures.Days.Read(from, to, 90, clock, errors);
        ProblemResponses.RequireOneOf(errors, "by", by, RankedBy);
        CsvExport.Check(format, errors);

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var ranking = await RankAsync(
            database,
            by,
            days,
            GetMeasures.StreetScope(Actor.From(context.User)),
            cancellationToken);
        return format == CsvExport.Format
            ? Csv(ranking, $"rankings-{by}-{days.From:yyyyMMdd}-{days.To:yyyyMMdd}.csv")
            : TypedResults.Ok(ranking);
    }

    /// <summary>A ranking as CSV, one unit a line, best first.</summary>
    public static FileContentHttpResult Csv(Ranking ranking, string name) => CsvExport.File(
        name,
        [
            "rank", "unit", "score", "assigned", "on_time_response_rate", "on_time_closure_rate", "satisfaction_rate",
            "from", "to",
        ],
        ranking.Units.Select(unit => new object?[]
        {
            unit.Rank, unit.Unit, unit.Score, unit.Assigned, unit.OnTimeResponseRate, unit.OnTimeClosureRate,
            unit.SatisfactionRate, ranking.From, ranking.To,
        }));

    public static async Task<Ranking> RankAsync(
        NpgsqlDataSource database,
        string by,
        GetMeasures.Days days,
        string? street,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await GetMeasures.QueryAsync(connection, by, days, granularity: null, street, cancellationToken);
        var scored = rows
            .Select(row => (Row: row, Score: Score(row)))
            .OrderByDescending(entry => entry.Score ?? -1)
            .ThenBy(entry => entry.Row.Unit, StringComparer.Ordinal)
            .Select((entry, index) => new RankedUnit(
                index + 1,
                entry.Row.Unit!,
                entry.Score,
                entry.Row.Assigned,
                entry.Row.OnTimeResponseRate,
                entry.Row.OnTimeClosureRate,
                entry.Row.SatisfactionRate))
            .ToList();
        return new Ranking(by, days.From, days.To, scored);
    }

    /// <summary>
    /// 100 × (0.4 on-time response + 0.4 on-time closure + 0.2 satisfaction); a component with no data
    /// (no feedback yet) drops out and the others are weighted up to keep the scale.
    /// </summary>
    public static double? Score(GetMeasures.MeasureRow row)
    {
        var parts = new[] { (row.OnTimeResponseRate, 0.4), (row.OnTimeClosureRate, 0.4), (row.SatisfactionRate, 0.2) }
            .Where(part => part.Item1 is not null)
            .ToList();
        var weight = parts.Sum(part => part.Item2);
        return parts.Count == 0
            ? null
            : Math.Round(100 * parts.Sum(part => part.Item1!.Value * part.Item2) / weight, 2);
    }
}
