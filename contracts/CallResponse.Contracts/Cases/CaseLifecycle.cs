using CallResponse.Contracts.Routing;

namespace CallResponse.Contracts.Cases;

// The steps of a case's life after routing, as the SLA saga and oversight hear of them. Each says
// which case, when, and the unit concerned; none carries personal data. Each carries CaseVersion: the
// version of the case's event stream at that step, by which a consumer tells an older step delivered late
// from a newer one.

/// <summary>The responsible unit claimed the case (认领): the response clock stops.</summary>
public sealed record CaseClaimed(Guid CaseId, string UnitCode, DateTimeOffset ClaimedAt, long CaseVersion);

/// <summary>
/// The unit returned the case as not theirs (退回); it waits at the street's triage desk, which accepts the return
/// (routes it anew) or rejects it (驳回: a <see cref="CaseReassigned"/> of kind <c>return-rejected</c>).
/// </summary>
/// <param name="ReasonCode">The coded reason (<c>not-our-duty</c>, <c>address-unclear</c>, …); null before
/// returns were coded.</param>
public sealed record CaseReturned(Guid CaseId, string UnitCode, string Reason, DateTimeOffset ReturnedAt,
    long CaseVersion, string? ReasonCode = null);

/// <summary>
/// The case was given to another unit: <see cref="Kind"/> <c>reassigned</c> by a supervisor or dispatcher (改派),
/// <c>escalated</c> one level up (上报), <c>fixed</c> by a supervisor after repeated returns (定派), or
/// <c>return-rejected</c>: the triage desk rejected a return (驳回) and the case is back with the unit that
/// returned it, on the clocks that ran all along.
/// </summary>
public sealed record CaseReassigned(
    Guid CaseId,
    Assignment Assignment,
    string Kind,
    string Reason,
    DateTimeOffset ReassignedAt,
    long CaseVersion);

/// <summary>The unit resolved the case (办结): the resolution clock stops; the feedback window opens.</summary>
public sealed record CaseResolved(Guid CaseId, string UnitCode, DateTimeOffset ResolvedAt, long CaseVersion);

/// <summary>The resident was not satisfied; the case goes back to the same unit.</summary>
public sealed record CaseReopened(Guid CaseId, string UnitCode, DateTimeOffset ReopenedAt, long CaseVersion);

/// <summary>The case was closed (结案), after feedback or when the feedback window lapsed.</summary>
public sealed record CaseClosed(Guid CaseId, bool? Satisfied, string Reason, DateTimeOffset ClosedAt,
    long CaseVersion);

/// <summary>
/// A supervisor approved an extension (延期): the resolution deadline moves to <see cref="ResolveBy"/>.
/// </summary>
public sealed record ExtensionApproved(Guid CaseId, DateTimeOffset ResolveBy, DateTimeOffset ApprovedAt,
    long CaseVersion);

/// <summary>
/// The street blew the whistle (街道吹哨): each summoned department must report (报到) by <see cref="ReportBy"/>.
/// </summary>
public sealed record WhistleBlown(
    Guid CaseId,
    IReadOnlyList<string> Departments,
    DateTimeOffset ReportBy,
    DateTimeOffset BlownAt,
    long CaseVersion);

/// <summary>A summoned department reported (部门报到).</summary>
public sealed record WhistleAnswered(Guid CaseId, string Department, DateTimeOffset AnsweredAt,
    long CaseVersion);

/// <summary>The case was merged into a duplicate that survives; its clocks stop.</summary>
public sealed record CaseMerged(Guid CaseId, Guid SurvivorCaseId, DateTimeOffset MergedAt, long CaseVersion);

/// <summary>
/// A supervisor approved a pause (挂起): the case's open response and resolution deadlines stop falling due until
/// <see cref="CaseResumed"/>. <see cref="ResumeBy"/> is when the unit expected to resume; the pause does not end by
/// itself there. Added after version 1.1.
/// </summary>
public sealed record CasePaused(Guid CaseId, DateTimeOffset PausedAt, DateTimeOffset ResumeBy, long CaseVersion);

/// <summary>
/// The pause that began at <see cref="PausedAt"/> ended (恢复计时): each deadline it stopped falls due later by the
/// time paused (on its own clock). Added after version 1.1.
/// </summary>
public sealed record CaseResumed(Guid CaseId, DateTimeOffset PausedAt, DateTimeOffset ResumedAt, long CaseVersion);
