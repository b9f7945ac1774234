using CallResponse.Sla.CaseSla;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CallResponse.Sla.Deadlines;

/// <summary>
/// The moments the SLA state machine must be woken at: each deadline's warning and due time, as
/// rows of the plain table <c>sla.deadline_wakeups</c>. They are written in the same transaction as
/// the state that set them, so a deadline survives any crash, and deleted in the same transaction as
/// the state that no longer needs them, so a cancelled deadline never fires.
/// </summary>
/// <remarks>
/// A plain table rather than Marten documents: a wake-up is read by one indexed query and never as a
/// document, and a row with two indexes costs a fraction of a document with a JSON body and five.
/// </remarks>
public static class DeadlineWakeups
{
    public const string Warn = "warn";
    public const string Due = "due";
    public const string Table = "sla.deadline_wakeups";

    /// <summary>Where earlier versions kept the wake-ups, as Marten documents.</summary>
    private const string DocumentTable = "sla.mt_doc_scheduleddeadline";

    /// <summary>One row per deadline and phase; also the id of the message that the row fires.</summary>
    public static Guid IdFor(Guid deadlineId, string phase) => ServiceDefaults.DeterministicGuid.Create($"deadline-{phase}", deadlineId.ToString());

    /// <summary>The table, created with the rest of the SLA schema.</summary>
    public static ISchemaObject SchemaObject()
    {
        var table = new Table(Table);
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("case_id").NotNull();
        table.AddColumn<Guid>("deadline_id").NotNull();
        table.AddColumn<string>("phase").NotNull();
        table.AddColumn<DateTimeOffset>("fire_at").NotNull();
        table.Indexes.Add(new IndexDefinition("deadline_wakeups_fire_at") { Columns = ["fire_at"] });
        return table;
    }

    /// <summary>Queues the deadline's warning and due rows on <paramref name="session"/>, to commit with the state.</summary>
    public static void Schedule(IDocumentOperations session, Guid caseId, Deadline deadline) =>
        session.QueueSqlCommand(
            $"insert into {Table} (id, case_id, deadline_id, phase, fire_at) values (?, ?, ?, ?, ?), (?, ?, ?, ?, ?) on conflict (id) do update set fire_at = excluded.fire_at",
            IdFor(deadline.Id, Warn), caseId, deadline.Id, Warn, deadline.WarnAt.ToUniversalTime(),
            IdFor(deadline.Id, Due), caseId, deadline.Id, Due, deadline.DueAt.ToUniversalTime());

    /// <summary>Queues the deletion of the deadline's rows on <paramref name="session"/>, to commit with the state.</summary>
    public static void Cancel(IDocumentOperations session, Guid deadlineId) =>
        session.QueueSqlCommand($"delete from {Table} where id = any(?)", new[] { IdFor(deadlineId, Warn), IdFor(deadlineId, Due) });

    /// <summary>
    /// Moves the wake-ups that earlier versions kept as Marten documents (<see cref="DocumentTable"/>)
    /// into the table, and drops the documents' table and functions. Runs before the poller's first poll;
    /// does nothing once they are gone. A row moved after its deadline was settled (the state machine
    /// deleted from the new table meanwhile) fires and is ignored, as any stale wake-up is.
    /// </summary>
    public static async Task MoveFromDocumentsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            do $$
            begin
                if to_regclass('{DocumentTable}') is not null then
                    lock table {DocumentTable} in access exclusive mode;
                    insert into {Table} (id, case_id, deadline_id, phase, fire_at)
                    select id, case_id, deadline_id, phase, fire_at from {DocumentTable}
                    where fire_at is not null
                    on conflict (id) do nothing;
                    drop table {DocumentTable};
                    drop function if exists sla.mt_upsert_scheduleddeadline, sla.mt_insert_scheduleddeadline,
                        sla.mt_update_scheduleddeadline, sla.mt_overwrite_scheduleddeadline;
                end if;
            end $$
            """);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The poller wakes the state machine: a deadline's warning or due time has come.</summary>
public sealed record DeadlineReached(Guid CaseId, Guid DeadlineId, string Phase, DateTimeOffset FireAt);
