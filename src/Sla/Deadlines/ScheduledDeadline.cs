namespace CallResponse.Sla.Deadlines;

/// <summary>
/// A moment the SLA state machine must be woken at (a deadline's warning or its due time), stored in
/// PostgreSQL in the same transaction as the state that set it, so it survives any crash, and deleted
/// in the same transaction as the state that no longer needs it, so a cancelled deadline never fires.
/// </summary>
/// <param name="Id">One per deadline and phase.</param>
public sealed record ScheduledDeadline(Guid Id, Guid CaseId, Guid DeadlineId, string Phase, DateTimeOffset FireAt)
{
    public const string Warn = "warn";
    public const string Due = "due";

    public static Guid IdFor(Guid deadlineId, string phase) => CallResponse.ServiceDefaults.DeterministicGuid.Create($"deadline-{phase}", deadlineId.ToString());
}

/// <summary>The poller wakes the state machine: a deadline's warning or due time has come.</summary>
public sealed record DeadlineReached(Guid CaseId, Guid DeadlineId, string Phase, DateTimeOffset FireAt);
