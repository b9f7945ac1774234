using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>GET /api/rankings/{unit}/cases</c>: how a unit's score was made, case by case (考核明细) — the cases it was
/// charged with in a period and what each counted for (claimed, on time, resolved, feedback, returned …), read
/// from the contributions the measure totals add up (<see cref="MeasureTotals"/>), so the two always agree. A
/// liaison sees their own department's; supervisors and street dispatchers as in the measures.
/// </summary>
public static class ChargedCases
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>A CSV holds a whole quarter of a busy department in one file.</summary>
    public const int MaxCsvLimit = 10_000;

    /// <summary>Past this, a reader should narrow the filters: a deep offset reads every row before it.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>The counts as the answer and the filters name them: respondedOnTime for responded_on_time.</summary>
    private static readonly IReadOnlyDictionary<string, string> CounterNames = MeasureTotals.Counters
        .ToDictionary(CamelCase, counter => counter);

    /// <param name="Day">The day the case was logged (China Standard Time): the day it counts in.</param>
    /// <param name="Street">The street the case lies in.</param>
    /// <param name="Counts">
    /// 1 where the case counts for the unit in that count (assigned, responded, respondedOnTime, resolved …), else 0:
    /// the numerators and denominators of src/docs/measures.md.
    /// </param>
    public sealed record ChargedCase(
        Guid CaseId,
        string TrackingNumber,
        string ItemCode,
        string Status,
        DateOnly Day,
        string Street,
        IReadOnlyDictionary<string, long> Counts);

    /// <param name="RulesVersion">The assessment rules the unit's score is made by.</param>
    /// <param name="Total">How many cases match, over every page.</param>
    /// <param name="Totals">The counts summed over every matching case, not just this page.</param>
    /// <param name="Cases">This page, by day of logging, then case id (so pages never overlap).</param>
    public sealed record UnitCases(
        string By,
        string Unit,
        DateOnly From,
        DateOnly To,
        string RulesVersion,
        long Total,
        int Limit,
        int Offset,
        IReadOnlyDictionary<string, long> Totals,
        IReadOnlyList<ChargedCase> Cases);

    /// <summary>The query string, bound as one (minimal APIs bind at most this many parameters readably).</summary>
    public sealed record Query(
        string By = "department",
        DateOnly? From = null,
        DateOnly? To = null,
        string[]? Counted = null,
        string[]? NotCounted = null,
        string? Item = null,
        int? Limit = null,
        int Offset = 0,
        string? Format = null);

    public static IEndpointRouteBuilder MapChargedCases(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/rankings/{unit}/cases", HandleAsync)
            .WithName("GetChargedCases")
            .WithTags("Oversight")
            .WithSummary("How a unit's score was made, case by case: the cases it was charged with in a period and "
                + "what each counted for (assigned, responded, respondedOnTime, resolved, resolvedOnTime, "
                + "withFeedback, satisfied, returned, escalated, relieved, reopened, open, overdue, supervised, urged, "
                + "solved, unreviewed: 1 or 0), with the totals. by=department|street|community; from, to: days "
                + "(yyyy-MM-dd, both included; default the last 90 days); counted, notCounted: counts the case must "
                + "have 1 or 0 in (repeatable); item: an item code; limit 1-200 (default 50; with format=csv "
                + "1-10000, default 10000), offset 0-100000. "
                + "Liaisons see their own department's; supervisors and street dispatchers their scope.")
            .RequireAuthorization(policy =>
                policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin, Roles.Liaison))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<Results<Ok<UnitCases>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>>
        HandleAsync(
            string unit,
            [AsParameters] Query query,
            HttpContext context,
            NpgsqlDataSource database,
            AssessmentRules rules,
            TimeProvider clock,
            CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var days = GetMeasures.Days.Read(query.From, query.To, 90, clock, errors);
        ProblemResponses.RequireOneOf(errors, "by", query.By, rules.Dimensions);
        CsvExport.Check(query.Format, errors);
        var csv = query.Format == CsvExport.Format;
        var limit = query.Limit ?? (csv ? MaxCsvLimit : DefaultLimit);
        if (limit < 1 || limit > (csv ? MaxCsvLimit : MaxLimit))
        {
            errors["limit"] = [$"Between 1 and {(csv ? MaxCsvLimit : MaxLimit)}."];
        }

        if (query.Offset is < 0 or > MaxOffset)
        {
            errors["offset"] = [$"Between 0 and {MaxOffset}."];
        }

        var counted = Columns(query.Counted, "counted", errors);
        var notCounted = Columns(query.NotCounted, "notCounted", errors);
        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var actor = Actor.From(context.User);
        if (actor.Role == Roles.Liaison && (query.By != "department" || unit != actor.Unit))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "只能查看本部门的考核明细",
                detail: "A liaison sees the case-by-case breakdown of their own department only.");
        }

        var filter = new Filter(
            query.By,
            unit,
            days,
            actor.Role == Roles.Liaison ? null : GetMeasures.StreetScope(actor),
            query.Item,
            counted,
            notCounted);
        var answer = await ReadAsync(database, filter, rules.Version, limit, query.Offset, cancellationToken);
        return csv
            ? Csv(answer, $"cases-{query.By}-{unit}-{days.From:yyyyMMdd}-{days.To:yyyyMMdd}.csv")
            : TypedResults.Ok(answer);
    }

    /// <summary>The columns of the counts named; an unknown name adds an error for <paramref name="field"/>.</summary>
    private static List<string> Columns(string[]? names, string field, Dictionary<string, string[]> errors)
    {
        var unknown = (names ?? []).Where(name => !CounterNames.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            errors[field] = [$"Counts among {string.Join(", ", CounterNames.Keys)}."];
        }

        return (names ?? []).Where(CounterNames.ContainsKey).Select(name => CounterNames[name]).Distinct().ToList();
    }

    /// <summary>Which contributions to read; <paramref name="Street"/> null for the whole district.</summary>
    private sealed record Filter(
        string By,
        string Unit,
        GetMeasures.Days Days,
        string? Street,
        string? Item,
        IReadOnlyList<string> Counted,
        IReadOnlyList<string> NotCounted)
    {
        /// <summary>
        /// The matching contributions, by the index on dimension, unit and day; a case document is read only for the
        /// item filter. The counts' columns come from <see cref="MeasureContributions.Counters"/>, never from the
        /// request.
        /// </summary>
        public string From() => $"""
            from cases.case_contributions c
            where c.dimension = $1 and c.unit = $2 and c.day >= $3 and c.day <= $4
              and ($5::text is null or c.street = $5)
              and ($6::text is null or exists (
                  select 1 from cases.mt_doc_case d
                  where d.id = c.case_id and {CaseSql.Column(found => found.ItemCode)} = $6))
              {string.Concat(Counted.Select(column => $" and c.{column} = 1"))}
              {string.Concat(NotCounted.Select(column => $" and c.{column} = 0"))}
            """;

        public IEnumerable<NpgsqlParameter> Parameters() =>
        [
            new() { Value = By },
            new() { Value = Unit },
            new() { Value = Days.From },
            new() { Value = Days.To },
            new() { Value = (object?)Street ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            new() { Value = (object?)Item ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
        ];
    }

    private static async Task<UnitCases> ReadAsync(
        NpgsqlDataSource database,
        Filter filter,
        string rulesVersion,
        int limit,
        int offset,
        CancellationToken cancellationToken)
    {
        var counters = MeasureTotals.Counters;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var totalsCommand = new NpgsqlCommand(
            $"select count(*), {string.Join(", ", counters.Select(counter => $"coalesce(sum(c.{counter}), 0)"))} "
                + filter.From(),
            connection);
        totalsCommand.Parameters.AddRange(filter.Parameters().ToArray());
        long total;
        var totals = new Dictionary<string, long>();
        await using (var reader = await totalsCommand.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt64(0);
            for (var i = 0; i < counters.Length; i++)
            {
                totals[CamelCase(counters[i])] = reader.GetInt64(1 + i);
            }
        }

        // The page is cut from the contributions alone, ordered by what the index holds; only its cases are read.
        await using var pageCommand = new NpgsqlCommand(
            $"""
            select c.case_id, {CaseSql.Text(found => found.TrackingNumber)}, {CaseSql.Column(found => found.ItemCode)},
                   {CaseSql.Column(found => found.Status)}, c.day, c.street,
                   {string.Join(", ", counters.Select(counter => $"c.{counter}"))}
            from (select c.* {filter.From()} order by c.day, c.case_id limit $7 offset $8) c
            join cases.mt_doc_case d on d.id = c.case_id
            order by c.day, c.case_id
            """,
            connection);
        pageCommand.Parameters.AddRange(filter.Parameters().ToArray());
        pageCommand.Parameters.Add(new NpgsqlParameter { Value = limit });
        pageCommand.Parameters.Add(new NpgsqlParameter { Value = offset });
        var cases = new List<ChargedCase>();
        await using (var reader = await pageCommand.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(new ChargedCase(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    CaseStatusNames.Of((CaseStatus)reader.GetInt32(3)),
                    reader.GetFieldValue<DateOnly>(4),
                    reader.GetString(5),
                    counters.Select((counter, i) => (counter, reader.GetInt32(6 + i)))
                        .ToDictionary(entry => CamelCase(entry.counter), entry => (long)entry.Item2)));
            }
        }

        return new UnitCases(
            filter.By,
            filter.Unit,
            filter.Days.From,
            filter.Days.To,
            rulesVersion,
            total,
            limit,
            offset,
            totals,
            cases);
    }

    /// <summary>
    /// The page as CSV, a line per case with its counts, and no description: it can carry what residents said of
    /// themselves.
    /// </summary>
    private static FileContentHttpResult Csv(UnitCases answer, string name) => CsvExport.File(
        name,
        [
            "by", "unit", "tracking_number", "item", "status", "day", "street", .. MeasureTotals.Counters,
            "rules_version",
        ],
        answer.Cases.Select(found => (object?[])
        [
            answer.By, answer.Unit, found.TrackingNumber, found.ItemCode, found.Status, found.Day, found.Street,
            .. MeasureTotals.Counters.Select(counter => (object?)found.Counts[CamelCase(counter)]),
            answer.RulesVersion,
        ]));

    /// <summary>responded_on_time → respondedOnTime.</summary>
    private static string CamelCase(string snake)
    {
        var words = snake.Split('_');
        return words[0] + string.Concat(words.Skip(1).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
    }
}
