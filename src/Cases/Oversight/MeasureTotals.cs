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
/// Each case contributes one row to <c>cases.measure_contributions</c>: what it counts for now,
/// worked out from its document (the inline snapshot). When a case changes, the
/// <see cref="Projection"/> — async, on the Solo daemon, so that no command waits on the hot total
/// rows — subtracts the case's old contribution from the totals and adds the new one, in the
/// daemon's transaction. Since a contribution depends on the case's current document only, replaying
/// events again changes nothing, and <see cref="RebuildAsync"/> (all documents at once) gives the same
/// totals as the projection did case by case.
/// </remarks>
public static class MeasureTotals
{
    public const string ProjectionName = "MeasureTotals";
    private const string TotalsTable = "cases.measure_totals";
    private const string ContributionsTable = "cases.measure_contributions";
    private const string EmptyHistogram = "'{}'::jsonb";

    /// <summary>What a case is counted under: its logging day (CST) and its units now.</summary>
    private static readonly string[] Keys = ["day", "street", "department", "community", "grid", "item", "category"];

    /// <summary>The 0/1 counts of a case; <c>logged</c> is 1 for every case and needs no column.</summary>
    internal static readonly string[] Counters =
    [
        "assigned", "responded", "responded_on_time", "resolved", "resolved_on_time", "with_feedback", "satisfied",
        "returned", "ever_resolved", "reopened", "open", "overdue",
    ];

    /// <summary>The dimensions a case is counted under; the district's total sums the streets.</summary>
    public static readonly IReadOnlyList<string> Dimensions =
        ["department", "street", "community", "grid", "item", "category"];

    private static readonly string[] ContributionColumns =
        ["case_id", .. Keys, .. Counters, "claim_bucket", "close_bucket"];

    /// <summary>The tables, created with the rest of the cases schema.</summary>
    public static IEnumerable<ISchemaObject> SchemaObjects()
    {
        var contributions = new Table(ContributionsTable);
        contributions.AddColumn<Guid>("case_id").AsPrimaryKey();
        contributions.AddColumn("day", "date").NotNull();
        foreach (var key in Keys.Skip(1))
        {
            contributions.AddColumn(key, "text");
        }

        foreach (var counter in Counters)
        {
            contributions.AddColumn(counter, "integer").NotNull();
        }

        contributions.AddColumn("claim_bucket", "integer");
        contributions.AddColumn("close_bucket", "integer");

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

    // Static fields initialise in order: these come before the SQL that uses them.
    /// <summary>Resolved or closed: counted as resolved.</summary>
    private static readonly string Ended = CaseSql.In(CaseStatus.Resolved, CaseStatus.Closed);

    /// <summary>Open, routed, claimed or in progress: counted as open.</summary>
    private static readonly string Unended =
        CaseSql.In(CaseStatus.Open, CaseStatus.Routed, CaseStatus.Claimed, CaseStatus.InProgress);

    /// <summary>
    /// A case's contribution from its document, column for column as <see cref="ContributionColumns"/>:
    /// the formulas of src/docs/measures.md, over the document's members as <see cref="CaseSql"/> names them.
    /// </summary>
    private static readonly string Contribution = $"""
        select d.id,
               ({CaseSql.Column(found => found.LoggedAt)} at time zone 'Asia/Shanghai')::date,
               {CaseSql.Column(found => found.Place.Street)},
               case when {CaseSql.Text(found => found.Assignment!.Level)} = '{AssignmentLevels.Department}'
                    then {CaseSql.Text(found => found.Assignment!.UnitCode)} end,
               {CaseSql.Column(found => found.Place.Community)},
               {CaseSql.Text(found => found.Place.Grid)},
               {CaseSql.Column(found => found.ItemCode)},
               {CaseSql.Text(found => found.CategoryCode)},
               (f.counted and f.first_routed is not null)::int,
               (f.counted and f.first_claimed is not null)::int,
               (f.counted and f.first_claimed is not null and not f.response_breached)::int,
               (f.status in {Ended})::int,
               (f.status in {Ended} and not f.resolution_breached)::int,
               (f.satisfied is not null)::int,
               coalesce(f.satisfied, false)::int,
               (f.counted and f.first_routed is not null and f.returns > 0)::int,
               (f.status in {Ended} or f.reopens > 0)::int,
               (f.reopens > 0)::int,
               (f.status in {Unended})::int,
               (f.status in {Unended} and (f.response_breached or f.resolution_breached))::int,
               case when f.counted and f.first_claimed is not null
                    then {DurationHistogram.BucketSql("extract(epoch from f.first_claimed - f.first_routed)::float8")}
                    end,
               case when f.status = {(int)CaseStatus.Closed}
                    then {DurationHistogram.BucketSql("extract(epoch from f.closed_at - d.logged_at)::float8")} end
        from cases.mt_doc_case d
        cross join lateral (
            select {CaseSql.Column(found => found.Status)} as status,
                   {CaseSql.Column(found => found.Status)} <> {(int)CaseStatus.Merged} as counted,
                   ({CaseSql.Text(found => found.FirstRoutedAt)})::timestamptz as first_routed,
                   ({CaseSql.Text(found => found.FirstClaimedAt)})::timestamptz as first_claimed,
                   ({CaseSql.Text(found => found.ClosedAt)})::timestamptz as closed_at,
                   ({CaseSql.Text(found => found.LastFeedbackSatisfied)})::boolean as satisfied,
                   coalesce(({CaseSql.Text(found => found.ResponseBreached)})::boolean, false) as response_breached,
                   coalesce(({CaseSql.Text(found => found.ResolutionBreached)})::boolean, false) as resolution_breached,
                   coalesce(({CaseSql.Text(found => found.ReturnCount)})::int, 0) as returns,
                   coalesce(({CaseSql.Text(found => found.ReopenCount)})::int, 0) as reopens
        ) f
        """;

    /// <summary>
    /// Adds the signed contributions of a <c>deltas</c> CTE to the totals: each under every dimension
    /// it has a unit for, on its day and in its month; histograms as sparse JSON objects of bucket → count.
    /// </summary>
    private static string AddDeltasTo(string totals) => $"""
        keyed as (
            select k.dimension, p.kind as period_kind, p.period, k.unit, coalesce(c.street, '') as street, c.sign,
                   {string.Join(", ", Counters.Select(counter => $"c.sign * c.{counter} as {counter}"))},
                   c.claim_bucket, c.close_bucket
            from deltas c
            cross join lateral (values
                {string.Join(", ", Dimensions.Select(dimension => $"('{dimension}', c.{dimension})"))})
                k(dimension, unit)
            cross join lateral (values ('d', c.day), ('m', date_trunc('month', c.day)::date)) p(kind, period)
            where k.unit is not null
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

    /// <summary>The changed cases' new contributions replace their old ones, in the totals and in the table.</summary>
    private static readonly string ApplyChangedCases = $"""
        with fresh ({string.Join(", ", ContributionColumns)}) as ({Contribution} where d.id = any(^)),
        stale as (select {string.Join(", ", ContributionColumns)} from {ContributionsTable} where case_id = any(^)),
        saved as (
            insert into {ContributionsTable} ({string.Join(", ", ContributionColumns)}) select * from fresh
            on conflict (case_id) do update set
                {string.Join(", ", ContributionColumns.Skip(1).Select(column => $"{column} = excluded.{column}"))}
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
