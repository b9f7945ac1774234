using CallResponse.Contracts.Routing;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// The measures' read model: per dimension, unit, street and day (and month), the counts of
/// src/docs/measures.md and histograms of the times to claim and to close, so that a quarter's
/// measures sum a few hundred rows instead of a million cases.
/// </summary>
/// <remarks>
/// Each case contributes rows to <c>cases.case_contributions</c>, one per unit it counts for (each unit that
/// held it, for its own part; the district, item and category, for the whole): the contributions its document
/// (the inline snapshot) carries, worked out by <see cref="MeasureContributions"/>. When a case changes, the
/// <see cref="Projection"/> — async, on the Solo daemon, so that no command waits on the hot total
/// rows — subtracts the case's old contributions from the totals and adds the new ones, in the
/// daemon's transaction. Since a contribution depends on the case's current document only, replaying
/// events again changes nothing, and <see cref="RebuildAsync"/> (all documents at once) gives the same
/// totals as the projection did case by case.
/// </remarks>
public static class MeasureTotals
{
    public const string ProjectionName = "MeasureTotals";
    private const string TotalsTable = "cases.measure_totals";
    // Keyed by case, dimension and unit since each unit is charged its own part; the old table had one row per case.
    private const string ContributionsTable = "cases.case_contributions";
    private const string EmptyHistogram = "'{}'::jsonb";

    /// <summary>The counts of a contribution, named as <see cref="MeasureContributions.Counters"/>.</summary>
    internal static string[] Counters => MeasureContributions.Counters;

    /// <summary>What <c>by</c> may name; <see cref="GetMeasures"/> asks for the district's total itself.</summary>
    public static readonly IReadOnlyList<string> Dimensions =
        ["department", "street", "community", "grid", "item", "category"];

    private static readonly string[] ContributionColumns =
        ["case_id", "dimension", "unit", "day", "street", .. Counters, "claim_bucket", "close_bucket"];

    /// <summary>The tables, created with the rest of the cases schema.</summary>
    public static IEnumerable<ISchemaObject> SchemaObjects()
    {
        var contributions = new Table(ContributionsTable);
        contributions.AddColumn<Guid>("case_id").AsPrimaryKey();
        contributions.AddColumn("dimension", "text").AsPrimaryKey();
        contributions.AddColumn("unit", "text").AsPrimaryKey();
        contributions.AddColumn("day", "date").NotNull();
        contributions.AddColumn("street", "text").NotNull();

        foreach (var counter in Counters)
        {
            contributions.AddColumn(counter, "integer").NotNull();
        }

        contributions.AddColumn("claim_bucket", "integer");
        contributions.AddColumn("close_bucket", "integer");
        // A unit's cases in a period, case by case (ChargedCases): without it, every unit's every case is read.
        contributions.Indexes.Add(new IndexDefinition("case_contributions_unit_day")
        {
            Columns = ["dimension", "unit", "day"],
        });

        var totals = new Table(TotalsTable);
        totals.AddColumn("dimension", "text").AsPrimaryKey();
        totals.AddColumn("period_kind", "char(1)").AsPrimaryKey(); // d: a day, m: a month
        totals.AddColumn("period", "date").AsPrimaryKey();
        totals.AddColumn("unit", "text").AsPrimaryKey();
        totals.AddColumn("street", "text").AsPrimaryKey();
        totals.AddColumn("logged", "bigint").NotNull();
        foreach (var counter in Counters)
        {
            totals.AddColumn(counter, "bigint").NotNull();
        }

        totals.AddColumn("claim_histogram", "jsonb").NotNull();
        totals.AddColumn("close_histogram", "jsonb").NotNull();
        return [contributions, totals];
    }

    /// <summary>Keeps the totals up to date with the case events, one daemon batch at a time.</summary>
    public sealed class Projection : IProjection
    {
        public Task ApplyAsync(
            IDocumentOperations operations,
            IReadOnlyList<IEvent> events,
            CancellationToken cancellation)
        {
            var cases = events.Select(found => found.StreamId).Distinct().ToArray();
            operations.QueueSqlCommand(PauseProjection);
            operations.QueueSqlCommand('^', ApplyChangedCases, cases, cases);
            return Task.CompletedTask;
        }
    }

    /// <summary>Recomputes every total from the case documents, for a rebuilt or seeded read model.</summary>
    public static async Task RebuildAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[]
        {
            PauseProjection,
            $"truncate {TotalsTable}, {ContributionsTable}",
            RecomputeInto(TotalsTable, ContributionsTable),
        })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 1800 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// How many total rows the projection's totals and a recomputation from the case documents
    /// disagree on (0: they are the same), compared at one moment: the projection is paused first, then
    /// one repeatable-read snapshot shows the totals, the documents and the events. The documents are
    /// written with their events and the totals after them, so the two agree only if the projection had
    /// applied every event of the snapshot; if it had not (cases are changing), this answers null and
    /// the caller tries again.
    /// </summary>
    public static async Task<long?> DifferencesAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(
            System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // LOCK takes no snapshot: the snapshot is the next statement's, after the projection's last batch.
        await using (var pause = new NpgsqlCommand(PauseProjection, connection, transaction))
        {
            await pause.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var behind = new NpgsqlCommand(ProjectionBehind, connection, transaction))
        {
            if ((bool)(await behind.ExecuteScalarAsync(cancellationToken))!)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }

        // Rows whose cases all moved to other units stay in the projection's totals at zero; a recomputation has none.
        const string Counted = "where logged <> 0";
        string[] steps =
        [
            $"create temp table recomputed_totals (like {TotalsTable} including all) on commit drop",
            $"create temp table recomputed_contributions (like {ContributionsTable} including all) on commit drop",
            RecomputeInto("recomputed_totals", "recomputed_contributions"),
        ];
        foreach (var sql in steps)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 1800 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var compare = new NpgsqlCommand(
            $"""
            select count(*) from (
                (select * from {TotalsTable} {Counted} except all select * from recomputed_totals {Counted})
                union all
                (select * from recomputed_totals {Counted} except all select * from {TotalsTable} {Counted})) differing
            """,
            connection,
            transaction) { CommandTimeout = 1800 };
        var differences = (long)(await compare.ExecuteScalarAsync(cancellationToken))!;
        await transaction.RollbackAsync(cancellationToken);
        return differences;
    }

    /// <summary>Whether the projection has yet to apply events the snapshot holds.</summary>
    private const string ProjectionBehind = $"""
        select coalesce((select max(seq_id) from cases.mt_events), 0)
            > coalesce((select last_seq_id from cases.mt_event_progression where name = '{ProjectionName}:All'), 0)
        """;

    /// <summary>
    /// Taken by each projection batch and by a recomputation: the lock conflicts with itself, so they take turns.
    /// </summary>
    private const string PauseProjection = $"lock table {ContributionsTable} in share row exclusive mode";

    /// <summary>
    /// The contributions the case documents carry (<see cref="Case.Contributions"/>), column for column as
    /// <see cref="ContributionColumns"/>: the formulas are the C# ones, and this only reads them.
    /// </summary>
    private static readonly string Contribution = $"""
        select d.id, c."Dimension", c."Unit",
               ({CaseSql.Column(found => found.LoggedAt)} at time zone 'Asia/Shanghai')::date, c."Street",
               {string.Join(", ", Counters.Select((counter, i) => $"(c.\"Counts\"->>{i})::int"))},
               c."ClaimBucket", c."CloseBucket"
        from cases.mt_doc_case d
        cross join lateral jsonb_to_recordset({CaseSql.Json(found => found.Contributions)})
            as c("Dimension" text, "Unit" text, "Street" text, "Counts" jsonb, "ClaimBucket" int, "CloseBucket" int)
        """;

    /// <summary>
    /// Adds the signed contributions of a <c>deltas</c> CTE to the totals: each under every dimension
    /// it has a unit for, on its day and in its month; histograms as sparse JSON objects of bucket → count.
    /// </summary>
    private static string AddDeltasTo(string totals) => $"""
        keyed as (
            select c.dimension, p.kind as period_kind, p.period, c.unit, c.street, c.sign,
                   {string.Join(", ", Counters.Select(counter => $"c.sign * c.{counter} as {counter}"))},
                   c.claim_bucket, c.close_bucket
            from deltas c
            cross join lateral (values ('d', c.day), ('m', date_trunc('month', c.day)::date)) p(kind, period)
        ),
        sums as (
            select dimension, period_kind, period, unit, street, sum(sign) as logged,
                   {string.Join(", ", Counters.Select(counter => $"sum({counter}) as {counter}"))}
            from keyed group by 1, 2, 3, 4, 5
        ),
        buckets as (
            select dimension, period_kind, period, unit, street, 'claim' as histogram, claim_bucket as bucket,
                   sum(sign) as n
            from keyed where claim_bucket is not null group by 1, 2, 3, 4, 5, 7
            union all
            select dimension, period_kind, period, unit, street, 'close', close_bucket, sum(sign)
            from keyed where close_bucket is not null group by 1, 2, 3, 4, 5, 7
        ),
        histograms as (
            select dimension, period_kind, period, unit, street,
                   jsonb_object_agg(bucket, n) filter (where histogram = 'claim' and n <> 0) as claim,
                   jsonb_object_agg(bucket, n) filter (where histogram = 'close' and n <> 0) as close
            from buckets group by 1, 2, 3, 4, 5
        )
        insert into {totals} as t (
            dimension, period_kind, period, unit, street, logged, {string.Join(", ", Counters)},
            claim_histogram, close_histogram)
        select s.*, coalesce(h.claim, {EmptyHistogram}), coalesce(h.close, {EmptyHistogram})
        from sums s left join histograms h using (dimension, period_kind, period, unit, street)
        -- A case whose contribution did not change (a note, a photo, a warning) rewrites no row.
        where s.logged <> 0 or {string.Join(" or ", Counters.Select(counter => $"s.{counter} <> 0"))}
           or h.claim is not null or h.close is not null
        on conflict (dimension, period_kind, period, unit, street) do update set
            logged = t.logged + excluded.logged,
            {string.Join(", ", Counters.Select(counter => $"{counter} = t.{counter} + excluded.{counter}"))},
            claim_histogram = {MergedHistograms("t.claim_histogram", "excluded.claim_histogram")},
            close_histogram = {MergedHistograms("t.close_histogram", "excluded.close_histogram")}
        """;

    /// <summary>
    /// The bucket-wise sum of two histograms; most changes of a case move no bucket, and skip the work.
    /// </summary>
    private static string MergedHistograms(string left, string right) => $"""
        case when {right} = {EmptyHistogram} then {left} else
        (select coalesce(jsonb_object_agg(bucket, n) filter (where n <> 0), {EmptyHistogram})
         from (select key as bucket, sum(value::bigint) as n
               from (select * from jsonb_each_text({left}) union all select * from jsonb_each_text({right})) both_sides
               group by key) merged) end
        """;

    /// <summary>
    /// The changed cases' new contributions replace their old ones, in the totals and in the table. A case never
    /// stops counting for a unit it counted for (shares are kept, a category once known stays), so every stale row
    /// has its fresh one.
    /// </summary>
    private static readonly string ApplyChangedCases = $"""
        with fresh ({string.Join(", ", ContributionColumns)}) as ({Contribution} where d.id = any(^)),
        stale as (select {string.Join(", ", ContributionColumns)} from {ContributionsTable} where case_id = any(^)),
        saved as (
            insert into {ContributionsTable} ({string.Join(", ", ContributionColumns)}) select * from fresh
            on conflict (case_id, dimension, unit) do update set
                {string.Join(", ", ContributionColumns.Skip(3).Select(column => $"{column} = excluded.{column}"))}
        ),
        deltas as (select 1 as sign, * from fresh union all select -1 as sign, * from stale),
        {AddDeltasTo(TotalsTable)}
        """;

    /// <summary>Every case's contribution from its document, into empty tables.</summary>
    private static string RecomputeInto(string totals, string contributions) => $"""
        with fresh ({string.Join(", ", ContributionColumns)}) as ({Contribution}),
        saved as (insert into {contributions} ({string.Join(", ", ContributionColumns)}) select * from fresh),
        deltas as (select 1 as sign, * from fresh),
        {AddDeltasTo(totals)}
        """;
}
