using System.Globalization;
using System.Text;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>GET /api/measures</c>: how fast and how well units respond (响应率, 办结率, 满意率, 退单率 …), by
/// unit and period, from the case read model, with the formulas of <c>src/docs/measures.md</c>.
/// A case counts in the period it was logged in (China Standard Time) and for the unit that holds it
/// now. Supervisors and admins see the district; a street's supervisor or dispatcher, their street.
/// </summary>
public static class GetMeasures
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(731);

    private static readonly Dictionary<string, string> Dimensions = new()
    {
        ["department"] = "case when d.data->'Assignment'->>'Level' = 'department' then d.data->'Assignment'->>'UnitCode' end",
        ["street"] = "d.place_street",
        ["community"] = "d.place_community",
        ["grid"] = "d.data->'Place'->>'Grid'",
        ["item"] = "d.item_code",
        ["category"] = "d.data->>'CategoryCode'",
    };

    private static readonly HashSet<string> Granularities = ["day", "week", "month", "quarter"];

    /// <param name="Unit">The unit (or item, category): null on the district's total rows.</param>
    /// <param name="Period">The period's first day, China Standard Time.</param>
    public sealed record MeasureRow(
        string? Unit,
        DateOnly Period,
        long Logged,
        long Assigned,
        double? ResponseRate,
        double? OnTimeResponseRate,
        double? ClosureRate,
        double? OnTimeClosureRate,
        double? SatisfactionRate,
        double? ReturnRate,
        double? ReopenRate,
        double? MedianTimeToClaimSeconds,
        double? P90TimeToClaimSeconds,
        double? MedianTimeToCloseSeconds,
        double? P90TimeToCloseSeconds,
        long Open,
        long Overdue);

    public sealed record Measures(string By, DateTimeOffset From, DateTimeOffset To, string Granularity, IReadOnlyList<MeasureRow> Rows, IReadOnlyList<MeasureRow> District);

    public static IEndpointRouteBuilder MapGetMeasures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/measures", Handle)
            .WithName("GetMeasures")
            .WithTags("Oversight")
            .WithSummary("Response, closure, satisfaction, return and reopen rates, times to claim and close, open and overdue counts. by=department|street|community|grid|item|category; from, to (at most 2 years; default the last 30 days); granularity=day|week|month|quarter (default month); format=csv for a UTF-8 CSV that Excel opens.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> Handle(
        HttpContext context, NpgsqlDataSource database, TimeProvider clock, CancellationToken cancellationToken,
        string by = "department", DateTimeOffset? from = null, DateTimeOffset? to = null, string granularity = "month", string? format = null)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        var errors = new Dictionary<string, string[]>();
        if (!Dimensions.ContainsKey(by))
        {
            errors["by"] = [$"One of {string.Join(", ", Dimensions.Keys)}."];
        }

        if (!Granularities.Contains(granularity))
        {
            errors["granularity"] = [$"One of {string.Join(", ", Granularities)}."];
        }

        if (start >= end)
        {
            errors["from"] = ["The range starts at or after its end."];
        }
        else if (end - start > MaxRange)
        {
            errors["to"] = [$"At most {MaxRange.TotalDays} days from 'from'."];
        }

        if (format is not (null or "json" or "csv"))
        {
            errors["format"] = ["json (default) or csv."];
        }

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var street = StreetScope(Actor.From(context.User));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await QueryAsync(connection, Dimensions[by], start, end, granularity, street, cancellationToken);
        var district = await QueryAsync(connection, "null::text", start, end, granularity, street, cancellationToken);
        var measures = new Measures(by, start, end, granularity, rows, district);
        return format == "csv"
            ? TypedResults.File(Csv(measures), "text/csv; charset=utf-8", $"measures-{by}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv")
            : TypedResults.Ok(measures);
    }

    /// <summary>The street an actor's oversight is limited to; null for the whole district.</summary>
    internal static string? StreetScope(Actor actor) =>
        actor.Role == Roles.Admin || (actor.Role == Roles.Supervisor && !actor.Unit.Contains('-', StringComparison.Ordinal)) ? null : actor.Unit;

    /// <summary>The SQL expression a dimension groups by, or null when it is not one.</summary>
    internal static string? DimensionKey(string by) => Dimensions.GetValueOrDefault(by);

    /// <summary>
    /// The measures grouped by <paramref name="key"/> and by period of <paramref name="granularity"/>;
    /// with granularity null, one row per unit over the whole range.
    /// </summary>
    internal static async Task<List<MeasureRow>> QueryAsync(
        NpgsqlConnection connection, string key, DateTimeOffset from, DateTimeOffset to, string? granularity, string? street, CancellationToken cancellationToken)
    {
        // Status numbers: 0 open, 1 routed, 2 claimed, 3 in progress, 4 resolved, 5 closed, 6 merged.
        var sql = $"""
            with counted as (
                select {key} as unit,
                       coalesce(date_trunc($3, d.logged_at at time zone 'Asia/Shanghai'), $1 at time zone 'Asia/Shanghai')::date as period,
                       d.status,
                       d.logged_at,
                       (d.data->>'FirstRoutedAt')::timestamptz as first_routed,
                       (d.data->>'FirstClaimedAt')::timestamptz as first_claimed,
                       (d.data->>'ClosedAt')::timestamptz as closed_at,
                       (d.data->>'LastFeedbackSatisfied')::boolean as satisfied,
                       coalesce((d.data->>'ResponseBreached')::boolean, false) as response_breached,
                       coalesce((d.data->>'ResolutionBreached')::boolean, false) as resolution_breached,
                       coalesce((d.data->>'ReturnCount')::int, 0) as returns,
                       coalesce((d.data->>'ReopenCount')::int, 0) as reopens
                from cases.mt_doc_case d
                where d.logged_at >= $1 and d.logged_at < $2 and ($4::text is null or d.place_street = $4)
            )
            select unit, period,
                   count(*) as logged,
                   count(*) filter (where status <> 6 and first_routed is not null) as assigned,
                   count(*) filter (where status <> 6 and first_claimed is not null) as responded,
                   count(*) filter (where status <> 6 and first_claimed is not null and not response_breached) as responded_on_time,
                   count(*) filter (where status in (4, 5)) as resolved,
                   count(*) filter (where status in (4, 5) and not resolution_breached) as resolved_on_time,
                   count(*) filter (where satisfied is not null) as with_feedback,
                   count(*) filter (where satisfied) as satisfied,
                   count(*) filter (where status <> 6 and first_routed is not null and returns > 0) as returned,
                   count(*) filter (where status in (4, 5) or reopens > 0) as ever_resolved,
                   count(*) filter (where reopens > 0) as reopened,
                   percentile_cont(0.5) within group (order by extract(epoch from first_claimed - first_routed)) filter (where first_claimed is not null and status <> 6),
                   percentile_cont(0.9) within group (order by extract(epoch from first_claimed - first_routed)) filter (where first_claimed is not null and status <> 6),
                   percentile_cont(0.5) within group (order by extract(epoch from closed_at - logged_at)) filter (where status = 5),
                   percentile_cont(0.9) within group (order by extract(epoch from closed_at - logged_at)) filter (where status = 5),
                   count(*) filter (where status in (0, 1, 2, 3)) as open,
                   count(*) filter (where status in (0, 1, 2, 3) and (response_breached or resolution_breached)) as overdue
            from counted
            where {(key == "null::text" ? "true" : "unit is not null")}
            group by unit, period
            order by period, unit
            """;
        await using var command = new NpgsqlCommand(sql, connection)
        {
            // PostgreSQL's timestamptz takes UTC only; a client may send any offset.
            Parameters = { new() { Value = from.ToUniversalTime() }, new() { Value = to.ToUniversalTime() }, new NpgsqlParameter { Value = (object?)granularity ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }, new NpgsqlParameter { Value = (object?)street ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<MeasureRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            long Count(int ordinal) => reader.GetInt64(ordinal);
            double? Seconds(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
            var assigned = Count(3);
            rows.Add(new MeasureRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                DateOnly.FromDateTime(reader.GetDateTime(1)),
                Count(2),
                assigned,
                Rate(Count(4), assigned),
                Rate(Count(5), assigned),
                Rate(Count(6), assigned),
                Rate(Count(7), assigned),
                Rate(Count(9), Count(8)),
                Rate(Count(10), assigned),
                Rate(Count(12), Count(11)),
                Seconds(13),
                Seconds(14),
                Seconds(15),
                Seconds(16),
                Count(17),
                Count(18)));
        }

        return rows;
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    /// <summary>UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly.</summary>
    private static byte[] Csv(Measures measures)
    {
        var csv = new StringBuilder("unit,period,logged,assigned,response_rate,on_time_response_rate,closure_rate,on_time_closure_rate,satisfaction_rate,return_rate,reopen_rate,median_time_to_claim_s,p90_time_to_claim_s,median_time_to_close_s,p90_time_to_close_s,open,overdue\n");
        foreach (var row in measures.Rows.Concat(measures.District))
        {
            csv.AppendLine(string.Join(',', new object?[]
            {
                row.Unit ?? "district", row.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Logged, row.Assigned, row.ResponseRate, row.OnTimeResponseRate, row.ClosureRate,
                row.OnTimeClosureRate, row.SatisfactionRate, row.ReturnRate, row.ReopenRate, row.MedianTimeToClaimSeconds, row.P90TimeToClaimSeconds, row.MedianTimeToCloseSeconds,
                row.P90TimeToCloseSeconds, row.Open, row.Overdue,
            }.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture))));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }
}
