using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>GET /api/measures</c>: how fast and how well units respond (响应率, 办结率, 满意率, 退单率 …), by
/// unit and period, from the measure totals (<see cref="MeasureTotals"/>), with the formulas of
/// <c>src/docs/measures.md</c>. A case counts in the day it was logged (China Standard Time); each unit
/// that held it is charged for its own part, and the district for the whole. Supervisors and admins see the
/// district; a street's supervisor or dispatcher, their street.
/// </summary>
public static class GetMeasures
{
    public const int MaxDays = 731;

    /// <summary>Periods to split the range by; <c>range</c> is the whole range as one period.</summary>
    private static readonly HashSet<string> Granularities = ["day", "week", "month", "quarter", "range"];

    /// <param name="Unit">The unit (or item, category): null on the district's total rows.</param>
    /// <param name="Period">The period's first day, China Standard Time.</param>
    /// <param name="PauseRate">挂起率: the share of assigned cases ever paused while the unit held them.</param>
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
        double? ResolutionRate,
        double? ReturnRate,
        double? EscalationRate,
        double? SupervisionRate,
        double? UrgeRate,
        double? ReopenRate,
        double? MedianTimeToClaimSeconds,
        double? P90TimeToClaimSeconds,
        double? MedianTimeToCloseSeconds,
        double? P90TimeToCloseSeconds,
        long Open,
        long Overdue,
        long ReassignedAway,
        long Unreviewed,
        long Exempted,
        double? PauseRate);

    /// <param name="From">The first day counted (China Standard Time).</param>
    /// <param name="To">The last day counted, included.</param>
    public sealed record Measures(
        string By,
        DateOnly From,
        DateOnly To,
        string Granularity,
        IReadOnlyList<MeasureRow> Rows,
        IReadOnlyList<MeasureRow> District);

    /// <summary>Days of logging, China Standard Time, both ends included.</summary>
    public readonly record struct Days(DateOnly From, DateOnly To)
    {
        /// <summary>
        /// The days a range may name: near DateOnly's ends the default range and the periods' arithmetic run off
        /// them, and <c>to=0001-01-01</c> was answered 500.
        /// </summary>
        private static readonly (DateOnly First, DateOnly Last) Allowed = (new(2000, 1, 1), new(2099, 12, 31));

        /// <summary>
        /// The range a request asks for, defaulting to the <paramref name="defaultDays"/> days up to
        /// today; an inverted range or one over <see cref="MaxDays"/> adds to <paramref name="errors"/>.
        /// </summary>
        public static Days Read(
            DateOnly? from,
            DateOnly? to,
            int defaultDays,
            TimeProvider clock,
            Dictionary<string, string[]> errors)
        {
            var outside = new[] { ("from", from), ("to", to) }
                .Where(named => named.Item2 is { } day && (day < Allowed.First || day > Allowed.Last))
                .Select(named => named.Item1)
                .ToList();
            foreach (var field in outside)
            {
                errors[field] = [$"A day from {Allowed.First:yyyy-MM-dd} to {Allowed.Last:yyyy-MM-dd}."];
            }

            if (outside.Count > 0)
            {
                return new Days(Allowed.First, Allowed.First);
            }

            var last = to ?? ChinaTime.DayOf(clock.GetUtcNow());
            var first = from ?? last.AddDays(1 - defaultDays);
            if (first > last)
            {
                errors["from"] = ["The range starts after its end (from and to are days, both included)."];
            }
            else if (last.DayNumber - first.DayNumber > MaxDays)
            {
                errors["to"] = [$"At most {MaxDays} days after 'from'."];
            }

            return new Days(first, last);
        }
    }

    public static IEndpointRouteBuilder MapGetMeasures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/measures", Handle)
            .WithName("GetMeasures")
            .WithTags("Oversight")
            .WithSummary("Response, closure, satisfaction, return and reopen rates, times to claim and close, open and "
                + "overdue counts. by=department|street|community|grid|item|category; from, to: days (yyyy-MM-dd, "
                + "China Standard Time, both included; at most 2 years; default the last 30 days); "
                + "granularity=day|week|month|quarter|range (default month; range: one row per unit for the whole "
                + "range); format=csv for a UTF-8 CSV that Excel opens.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<IResult> Handle(
        HttpContext context,
        NpgsqlDataSource database,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string by = "department",
        DateOnly? from = null,
        DateOnly? to = null,
        string granularity = "month",
        string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        var days = Days.Read(from, to, 30, clock, errors);
        ProblemResponses.RequireOneOf(errors, "by", by, MeasureTotals.Dimensions);
        ProblemResponses.RequireOneOf(errors, "granularity", granularity, Granularities);
        CsvExport.Check(format, errors);

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var street = StreetScope(Actor.From(context.User));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var periods = granularity == "range" ? null : granularity;
        var rows = await QueryAsync(connection, by, days, periods, street, cancellationToken);
        var district = await QueryAsync(connection, District, days, periods, street, cancellationToken);
        var measures = new Measures(by, days.From, days.To, granularity, rows, district);
        return format == CsvExport.Format
            ? CsvExport.File(
                $"measures-{by}-{days.From:yyyyMMdd}-{days.To:yyyyMMdd}.csv",
                [
                    "unit", "period", "logged", "assigned", "response_rate", "on_time_response_rate", "closure_rate",
                    "on_time_closure_rate", "satisfaction_rate", "resolution_rate", "return_rate", "escalation_rate",
                    "supervision_rate",
                    "urge_rate", "reopen_rate",
                    "median_time_to_claim_s", "p90_time_to_claim_s", "median_time_to_close_s", "p90_time_to_close_s",
                    "open", "overdue", "reassigned_away", "unreviewed", "exempted", "pause_rate",
                ],
                measures.Rows.Concat(measures.District).Select(row => new object?[]
                {
                    row.Unit ?? "district", row.Period, row.Logged, row.Assigned, row.ResponseRate,
                    row.OnTimeResponseRate, row.ClosureRate, row.OnTimeClosureRate, row.SatisfactionRate,
                    row.ResolutionRate,
                    row.ReturnRate, row.EscalationRate, row.SupervisionRate, row.UrgeRate, row.ReopenRate,
                    row.MedianTimeToClaimSeconds,
                    row.P90TimeToClaimSeconds, row.MedianTimeToCloseSeconds, row.P90TimeToCloseSeconds, row.Open,
                    row.Overdue, row.ReassignedAway, row.Unreviewed, row.Exempted, row.PauseRate,
                }))
            : TypedResults.Ok(measures);
    }

    /// <summary>
    /// The street an actor's oversight is limited to; null for the whole district. A supervisor's unit is a
    /// street or the district, a one-part code (<see cref="ActorCheck"/> refuses any other token).
    /// </summary>
    internal static string? StreetScope(Actor actor) =>
        actor.Role == Roles.Admin
            || (actor.Role == Roles.Supervisor && !actor.Unit.Contains('-', StringComparison.Ordinal))
            ? null
            : actor.Unit;

    /// <summary>Asks <see cref="QueryAsync"/> for the district's total: every case as a whole.</summary>
    internal const string District = "district";

    /// <summary>
    /// The total rows of a dimension in each segment, signed. One index range per segment.
    /// period_kind is char(1): the kinds are cast to it, or the index cannot narrow by kind and
    /// period. "offset 0" keeps the planner from flattening the lateral subquery into a join: not
    /// knowing how narrow the ranges are, it then read the dimension's every row (21 ms instead of 3
    /// for a quarter by community).
    /// </summary>
    private static readonly string TotalsInSegments = $"""
        select t.unit, t.period, s.sign, t.logged,
            {string.Join(", ", MeasureTotals.Counters.Select(counter => $"t.{counter}"))},
            t.claim_histogram::text, t.close_histogram::text
        from unnest($3::text[]::char(1)[], $4::date[], $5::date[], $6::int[]) as s(kind, first_day, after_day, sign)
        cross join lateral (
            select * from cases.measure_totals t
            where t.dimension = $1 and t.period_kind = s.kind and t.period >= s.first_day and t.period < s.after_day
              and ($2::text is null or t.street = $2)
            offset 0) t
        """;

    /// <summary>
    /// The measures by <paramref name="by"/> (a dimension, or <see cref="District"/>) and by period
    /// of <paramref name="granularity"/>; with granularity null, one row per unit over the whole range.
    /// </summary>
    internal static async Task<List<MeasureRow>> QueryAsync(
        NpgsqlConnection connection,
        string by,
        Days days,
        string? granularity,
        string? street,
        CancellationToken cancellationToken)
    {
        var segments = Segments(days, granularity);
        await using var command = new NpgsqlCommand(TotalsInSegments, connection)
        {
            Parameters =
            {
                new() { Value = by },
                new NpgsqlParameter
                {
                    Value = (object?)street ?? DBNull.Value,
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
                },
                new() { Value = segments.Select(segment => segment.Kind).ToArray() },
                new() { Value = segments.Select(segment => segment.First).ToArray() },
                new() { Value = segments.Select(segment => segment.After).ToArray() },
                new() { Value = segments.Select(segment => segment.Sign).ToArray() },
            },
        };
        var sums = new Dictionary<(string? Unit, DateOnly Period), MeasureSums>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (
                    by == District ? null : reader.GetString(0),
                    PeriodOf(reader.GetFieldValue<DateOnly>(1), granularity, days));
                if (!sums.TryGetValue(key, out var sum))
                {
                    sums[key] = sum = new MeasureSums();
                }

                sum.Add(reader, reader.GetInt32(2));
            }
        }

        return sums
            .Where(entry => entry.Value.Logged != 0)
            .OrderBy(entry => entry.Key.Period)
            .ThenBy(entry => entry.Key.Unit, StringComparer.Ordinal)
            .Select(entry => entry.Value.ToRow(entry.Key.Unit, entry.Key.Period))
            .ToList();
    }

    /// <summary>
    /// Which totals to add (sign 1) or take away (sign −1): rows of a kind (d, m) from a first day to before
    /// another.
    /// </summary>
    internal readonly record struct Segment(string Kind, DateOnly First, DateOnly After, int Sign);

    /// <summary>
    /// The fewest total rows that sum to the range: a whole month is its month row; a partial month
    /// is its days in the range, or — when those are the most of the month — its month row less the
    /// days outside the range (counts and histograms subtract). Days and weeks cut across months, so
    /// at those granularities every day is its own row.
    /// </summary>
    internal static List<Segment> Segments(Days days, string? granularity)
    {
        var end = days.To.AddDays(1);
        if (granularity is "day" or "week")
        {
            return [new Segment("d", days.From, end, 1)];
        }

        var segments = new List<Segment>();
        for (var month = new DateOnly(days.From.Year, days.From.Month, 1); month < end; month = month.AddMonths(1))
        {
            var next = month.AddMonths(1);
            var (first, after) = (Max(month, days.From), Min(next, end));
            var inside = after.DayNumber - first.DayNumber;
            if (inside == next.DayNumber - month.DayNumber)
            {
                segments.Add(new Segment("m", month, next, 1));
            }
            else if (inside <= next.DayNumber - month.DayNumber - inside)
            {
                segments.Add(new Segment("d", first, after, 1));
            }
            else
            {
                segments.Add(new Segment("m", month, next, 1));
                segments.Add(new Segment("d", month, first, -1));
                segments.Add(new Segment("d", after, next, -1));
            }
        }

        return segments.Where(segment => segment.First < segment.After).ToList();

        static DateOnly Max(DateOnly left, DateOnly right) => left > right ? left : right;
        static DateOnly Min(DateOnly left, DateOnly right) => left < right ? left : right;
    }

    /// <summary>The first day of the period a day falls in; the range's first day when there are no periods.</summary>
    internal static DateOnly PeriodOf(DateOnly day, string? granularity, Days days) => granularity switch
    {
        "day" => day,
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), // weeks start on Monday
        "month" => new DateOnly(day.Year, day.Month, 1),
        "quarter" => new DateOnly(day.Year, (((day.Month - 1) / 3) * 3) + 1, 1),
        _ => days.From,
    };

    /// <summary>The totals of one unit and period, summed over the rows of its days and months.</summary>
    private sealed class MeasureSums
    {
        private readonly long[] counts = new long[1 + MeasureTotals.Counters.Length];
        private readonly DurationHistogram toClaim = new();
        private readonly DurationHistogram toClose = new();

        public long Logged => counts[0];

        private long Count(string counter) => counts[1 + Array.IndexOf(MeasureTotals.Counters, counter)];

        /// <summary>
        /// Adds (sign 1) or takes away (sign −1) a row of totals: unit, period, sign, then the counts and
        /// histograms.
        /// </summary>
        public void Add(NpgsqlDataReader reader, int sign)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += sign * reader.GetInt64(3 + i);
            }

            toClaim.Add(reader.GetString(3 + counts.Length), sign);
            toClose.Add(reader.GetString(4 + counts.Length), sign);
        }

        public MeasureRow ToRow(string? unit, DateOnly period)
        {
            var assigned = Count("assigned");
            return new MeasureRow(
                unit,
                period,
                Logged,
                assigned,
                Rate(Count("responded"), assigned),
                Rate(Count("responded_on_time"), assigned),
                Rate(Count("resolved"), assigned),
                Rate(Count("resolved_on_time"), assigned),
                Rate(Count("satisfied"), Count("with_feedback")),
                Rate(Count("solved"), Count("with_feedback")),
                Rate(Count("returned"), assigned),
                Rate(Count("escalated"), assigned),
                Rate(Count("supervised"), assigned),
                Rate(Count("urged"), assigned),
                Rate(Count("reopened"), Count("ever_resolved")),
                toClaim.Percentile(0.5),
                toClaim.Percentile(0.9),
                toClose.Percentile(0.5),
                toClose.Percentile(0.9),
                Count("open"),
                Count("overdue"),
                Count("relieved"),
                Count("unreviewed"),
                Count("exempted"),
                Rate(Count("paused"), assigned));
        }
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
