using CallResponse.Contracts.Sla;
using MassTransit;

namespace CallResponse.Sla.CaseSla;

/// <summary>
/// One case's deadlines, kept by the SLA state machine as a Marten document (optimistic concurrency).
/// Instances stay after the case closes, so its deadlines can always be shown.
/// </summary>
public sealed class CaseSlaState : SagaStateMachineInstance, ISaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public string ItemCode { get; set; } = string.Empty;

    public string CatalogueVersion { get; set; } = string.Empty;

    /// <summary>The clock the item's targets run on: <c>24x7</c> or <c>working</c>.</summary>
    public string Clock { get; set; } = string.Empty;

    public string ResponseTarget { get; set; } = string.Empty;

    public string ResolutionTarget { get; set; } = string.Empty;

    /// <summary>The unit the case is assigned to now.</summary>
    public string UnitCode { get; set; } = string.Empty;

    /// <summary>When the case was first routed: the resolution clock runs from here, whoever holds the case.</summary>
    public DateTimeOffset FirstRoutedAt { get; set; }

    public string Grid { get; set; } = string.Empty;

    public string Community { get; set; } = string.Empty;

    public string Street { get; set; } = string.Empty;

    public string District { get; set; } = string.Empty;

    public List<Deadline> Deadlines { get; set; } = [];

    /// <summary>When the pause under way began (挂起); null while the clocks run.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>The case's stream version at the last step applied (0 before any had one).</summary>
    public long LastCaseVersion { get; set; }
}

/// <summary>One deadline of a case.</summary>
public sealed class Deadline
{
    public Guid Id { get; set; }

    /// <summary>response, resolution, feedback, or whistle:{department} (<see cref="DeadlineKinds"/>).</summary>
    public string Kind { get; set; } = string.Empty;

    public string UnitCode { get; set; } = string.Empty;

    public string Clock { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset WarnAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>
    /// pending, warned, met, breached, cancelled, extended or paused (<see cref="DeadlineStates"/>).
    /// </summary>
    public string State { get; set; } = DeadlineStates.Pending;

    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>
    /// A paused deadline's state when its pause began (<c>pending</c> or <c>warned</c>): the deadline that continues
    /// it on resumption starts in that state, so a warning given before the pause is not given again.
    /// </summary>
    public string? PausedFrom { get; set; }

    public bool IsOpen => State is DeadlineStates.Pending or DeadlineStates.Warned;
}

public static class DeadlineStates
{
    public const string Pending = "pending";
    public const string Warned = "warned";
    public const string Met = "met";
    public const string Breached = "breached";
    public const string Cancelled = "cancelled";
    public const string Extended = "extended";

    /// <summary>
    /// Stopped by a pause (挂起): its <c>settledAt</c> is when the pause began; on resumption a deadline of the same
    /// kind and unit continues it, due later by the time paused.
    /// </summary>
    public const string Paused = "paused";
}
