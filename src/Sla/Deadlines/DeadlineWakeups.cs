using CallResponse.Sla.CaseSla;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CallResponse.Sla.Deadlines;

/// <summary>
/// The moments the SLA state machine must be woken at: each deadline's warning and due time, as
/// rows of the plain table <c>sla.deadline_wakeups</c>. They are written in the same transaction as
/// the state that set them, so a deadline survives any crash, and deleted only in the same transaction
/// as the state that has handled them (the phase fired, or the deadline settled), so a cancelled
/// deadline never fires and a fired one that was lost on the way fires again. The poller only leases
/// them (<c>leased_until</c>).
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

    /// <summary>One row per deadline and phase; also the id of the message that the row fires.</summary>
    public static Guid IdFor(Guid deadlineId, string phase) =>
        ServiceDefaults.DeterministicGuid.Create($"deadline-{phase}", deadlineId.ToString());

    /// <summary>The table, created with the rest of the SLA schema.</summary>
    public static ISchemaObject SchemaObject()
    {
        var table = new Table(Table);
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("case_id").NotNull();
        table.AddColumn<Guid>("deadline_id").NotNull();
        table.AddColumn<string>("phase").NotNull();
        table.AddColumn<DateTimeOffset>("fire_at").NotNull();
        // Added after the table shipped: Marten's start-up migration adds it to an existing table.
        table.AddColumn<DateTimeOffset>("leased_until");
        table.Indexes.Add(new IndexDefinition("deadline_wakeups_fire_at") { Columns = ["fire_at"] });
        return table;
    }

    /// <summary>
    /// Queues the deadline's warning and due rows on <paramref name="session"/>, to commit with the state.
    /// </summary>
    public static void Schedule(IDocumentOperations session, Guid caseId, Deadline deadline) =>
        session.QueueSqlCommand(
            $"""
            insert into {Table} (id, case_id, deadline_id, phase, fire_at) values (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)
            on conflict (id) do update set fire_at = excluded.fire_at, leased_until = null
            """,
            IdFor(deadline.Id, Warn), caseId, deadline.Id, Warn, deadline.WarnAt.ToUniversalTime(),
            IdFor(deadline.Id, Due), caseId, deadline.Id, Due, deadline.DueAt.ToUniversalTime());

    /// <summary>
    /// Queues the deletion of the deadline's rows on <paramref name="session"/>, to commit with the state.
    /// </summary>
    public static void Cancel(IDocumentOperations session, Guid deadlineId) =>
        session.QueueSqlCommand(
            $"delete from {Table} where id = any(?)",
            new[] { IdFor(deadlineId, Warn), IdFor(deadlineId, Due) });

    /// <summary>Queues the deletion of the row of one phase that has been handled, to commit with the state.</summary>
    public static void Handled(IDocumentOperations session, Guid deadlineId, string phase) =>
        session.QueueSqlCommand($"delete from {Table} where id = ?", IdFor(deadlineId, phase));

    /// <summary>Deletes the row of one phase now: a wake-up of no case has no state to commit with.</summary>
    public static async Task DeleteAsync(
        NpgsqlDataSource database, Guid deadlineId, string phase, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"delete from {Table} where id = $1");
        command.Parameters.Add(new() { Value = IdFor(deadlineId, phase) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The poller wakes the state machine: a deadline's warning or due time has come.</summary>
public sealed record DeadlineReached(Guid CaseId, Guid DeadlineId, string Phase, DateTimeOffset FireAt);
