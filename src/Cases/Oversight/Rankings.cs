using System.Text.Json;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// Rankings of units (排名) by the composite score of the assessment rules (考核办法, <see cref="AssessmentRules"/>):
/// by default 40% on-time response, 40% on-time closure, 20% satisfaction; units with fewer assigned cases than
/// the rules' minimum are listed apart, not ranked (样本不足). <c>GET /api/rankings</c>; src/docs/measures.md.
/// </summary>
public static class Rankings
{
    /// <param name="Rank">1 for the best; null on a unit not ranked.</param>
    /// <param name="Score">0-100; null on a unit not ranked.</param>
    /// <param name="Rates">The rates the components name, by measure (onTimeResponseRate …), as measured.</param>
    /// <param name="Unranked">Why the unit is not ranked: insufficient-sample (样本不足) or no-data; else null.</param>
    public sealed record RankedUnit(
        int? Rank,
        string Unit,
        double? Score,
        long Assigned,
        IReadOnlyDictionary<string, double?> Rates,
        string? Unranked);

    /// <param name="From">The first day counted (China Standard Time).</param>
    /// <param name="To">The last day counted, included.</param>
    /// <param name="RulesVersion">The assessment rules used (null on scores published before they were data).</param>
    /// <param name="Components">How the score is made: each rate, its direction and weight.</param>
    /// <param name="MinimumAssigned">Units with fewer assigned cases are in <paramref name="Unranked"/>.</param>
    /// <param name="Units">The ranked units, best first; ties by unit code.</param>
    /// <param name="Unranked">Units with too few assigned cases (样本不足) or no data, by unit code.</param>
    public sealed record Ranking(
        string By,
        DateOnly From,
        DateOnly To,
        string? RulesVersion,
        IReadOnlyList<ScoreComponent> Components,
        int MinimumAssigned,
        IReadOnlyList<RankedUnit> Units,
        IReadOnlyList<RankedUnit> Unranked);

    public static IEndpointRouteBuilder MapRankings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/rankings", HandleAsync)
            .WithName("GetRankings")
            .WithTags("Oversight")
            .WithSummary("Units ranked by the composite score of the assessment rules (考核办法; the answer names their "
                + "version, components and weights); units below the rules' minimum of assigned cases are listed "
                + "apart in unranked. by=department|street|community; from, to: days (yyyy-MM-dd, both included; "
                + "default the last 90 days); format=csv for a UTF-8 CSV that Excel opens.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Ranking>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        HttpContext context,
        NpgsqlDataSource database,
        AssessmentRules rules,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string by = "department",
        DateOnly? from = null,
        DateOnly? to = null,
        string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        var days = GetMeasures.Days.Read(from, to, 90, clock, errors);
        ProblemResponses.RequireOneOf(errors, "by", by, rules.Dimensions);
        CsvExport.Check(format, errors);

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var ranking = await RankAsync(
            database,
            rules,
            by,
            days,
            GetMeasures.StreetScope(Actor.From(context.User)),
            cancellationToken);
        return format == CsvExport.Format
            ? Csv(ranking, $"rankings-{by}-{days.From:yyyyMMdd}-{days.To:yyyyMMdd}.csv")
            : TypedResults.Ok(ranking);
    }

    /// <summary>
    /// A ranking as CSV, one unit a line, best first, then the units not ranked; a column per component's rate,
    /// and the rules' version on every line, so the file says how its scores were made.
    /// </summary>
    public static FileContentHttpResult Csv(Ranking ranking, string name) => Csv([ranking], name);

    /// <summary>Rankings (a published quarter's three) as one CSV, a line per unit, each with its dimension.</summary>
    public static FileContentHttpResult Csv(IReadOnlyList<Ranking> rankings, string name)
    {
        var measures = rankings.SelectMany(ranking => ranking.Components).Select(component => component.Measure)
            .Distinct()
            .ToList();
        return CsvExport.File(
            name,
            [
                "by", "rank", "unit", "score", "assigned",
                .. measures.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName),
                "unranked", "from", "to", "rules_version",
            ],
            rankings.SelectMany(ranking => ranking.Units.Concat(ranking.Unranked).Select(unit => (object?[])
            [
                ranking.By, unit.Rank, unit.Unit, unit.Score, unit.Assigned,
                .. measures.Select(measure => (object?)unit.Rates.GetValueOrDefault(measure)),
                unit.Unranked, ranking.From, ranking.To, ranking.RulesVersion,
            ])));
    }

    public static async Task<Ranking> RankAsync(
        NpgsqlDataSource database,
        AssessmentRules rules,
        string by,
        GetMeasures.Days days,
        string? street,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await GetMeasures.QueryAsync(connection, by, days, granularity: null, street, cancellationToken);
        return Rank(rules, by, days, rows);
    }

    /// <summary>
    /// The units of <paramref name="rows"/> (one per unit, over the range) scored by the rules: those scored ranked
    /// best first (ties by unit code), the others listed apart by unit code.
    /// </summary>
    public static Ranking Rank(
        AssessmentRules rules,
        string by,
        GetMeasures.Days days,
        IEnumerable<GetMeasures.MeasureRow> rows)
    {
        var scored = rows
            .Select(row => (Row: row, Assessed: rules.Score(row)))
            .OrderByDescending(entry => entry.Assessed.Score ?? -1)
            .ThenBy(entry => entry.Row.Unit, StringComparer.Ordinal)
            .ToList();
        var ranked = scored.Where(entry => entry.Assessed.Score is not null)
            .Select((entry, index) => Unit(entry.Row, index + 1, entry.Assessed))
            .ToList();
        var unranked = scored.Where(entry => entry.Assessed.Score is null)
            .Select(entry => Unit(entry.Row, null, entry.Assessed))
            .ToList();
        return new Ranking(
            by, days.From, days.To, rules.Version, rules.Components, rules.MinimumAssigned, ranked, unranked);

        RankedUnit Unit(GetMeasures.MeasureRow row, int? rank, (double? Score, string? Unranked) assessed) =>
            new(rank, row.Unit!, assessed.Score, row.Assigned, rules.Rates(row), assessed.Unranked);
    }
}
