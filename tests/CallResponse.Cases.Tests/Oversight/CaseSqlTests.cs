using CallResponse.Cases.Oversight;
using CallResponse.Testing;
using Marten;
using Npgsql;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Oversight;

/// <summary>
/// The measures' SQL reads the case documents by the names <see cref="CaseSql"/> derives from the
/// <see cref="Case"/> type. These tests fail when the stored form drifts from those names (a member
/// stored under another name, a column no longer duplicated) or when a status changes its stored value.
/// </summary>
public sealed class CaseSqlTests
{
    [Fact]
    public void Statuses_keep_their_stored_values()
    {
        // Stored documents and columns hold these numbers: reordering the enum would recount every case.
        Assert.Equal(
            [("Open", 0), ("Routed", 1), ("Claimed", 2), ("InProgress", 3), ("Resolved", 4), ("Closed", 5), ("Merged", 6)],
            Enum.GetValues<CaseStatus>().Select(status => (status.ToString(), (int)status)));
    }

    [Fact]
    public void Members_are_named_as_Marten_stores_them()
    {
        Assert.Equal("d.data->'Assignment'->>'Level'", CaseSql.Text(found => found.Assignment!.Level));
        Assert.Equal("d.place_street", CaseSql.Column(found => found.Place.Street));
        Assert.Equal("(4, 5)", CaseSql.In(CaseStatus.Resolved, CaseStatus.Closed));
    }

    [Fact]
    public async Task A_stored_case_contributes_what_its_document_says()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = "cases";
            CaseStorage.Configure(options);
            options.Storage.ExtendedSchemaObjects.AddRange(MeasureTotals.SchemaObjects());
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var resolved = Sample.In(CaseStatus.Resolved) with { LoggedAt = Sample.At.ToUniversalTime() };
        await using (var session = store.LightweightSession())
        {
            session.Store(resolved);
            await session.SaveChangesAsync();
        }

        await using var source = NpgsqlDataSource.Create(database.ConnectionString);
        await MeasureTotals.RebuildAsync(source, CancellationToken.None);

        var rows = await database.ScalarAsync<string>(
            """
            select string_agg(concat_ws(' ', day, street, dimension, unit, assigned, responded, responded_on_time,
                                        resolved, resolved_on_time, with_feedback, satisfied, returned, escalated,
                                        relieved, ever_resolved, reopened, open, overdue, claim_bucket is not null,
                                        close_bucket is null), '; ' order by dimension)
            from cases.case_contributions
            """);
        // The department that held it, and the case as a whole for the district, its item and its category.
        const string Counts = "1 1 1 1 1 0 0 0 0 0 1 0 0 0 t t";
        Assert.Equal(
            $"2026-11-24 LW-HL category WATER {Counts}; 2026-11-24 LW-HL department SW {Counts}; "
            + $"2026-11-24 LW-HL district LW {Counts}; 2026-11-24 LW-HL item WATER-01 {Counts}",
            rows);
    }
}
