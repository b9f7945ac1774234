using CallResponse.Contracts.Routing;

namespace CallResponse.Cases;

// The events of a case's stream: what happened, with the reason where a person gave one. Who did it
// is the event's user-name metadata (role:unit:user), set by the session that appended it.
// The opening and the routing hold more here than the public messages they become, so they are named
// apart from them (CaseAccepted → CaseOpened, CaseDispatched → CaseRouted); a later step's message is
// the step itself, less the words people gave, plus the stream version, and keeps its name
// (Publishing/CaseMessages.cs). Stored names never change: CaseStorage maps them.

/// <summary>A case was opened from a logged call (受理). Stored as <c>case_opened</c>; published as a
/// <see cref="Contracts.Cases.CaseOpened"/>.</summary>
public sealed record CaseAccepted(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    string CommunityCode,
    string StreetCode,
    string DistrictCode);

/// <summary>
/// The case was assigned (派单) by a routing decision, automatic or by hand. It repeats the case's
/// tracking number, item and grid so that its readers need no other event. Stored as <c>case_routed</c>;
/// published as a <see cref="Contracts.Cases.CaseRouted"/>.
/// </summary>
/// <param name="CategoryCode">The item's category; null when the item is not in the catalogue.</param>
/// <param name="Urgency">The item's urgency; null when the item is not in the catalogue.</param>
/// <param name="Targets">The item's time limits (a routing by hand repeats the first routing's); null for an item
/// not in the catalogue, and on routings by hand stored before they repeated them.</param>
public sealed record CaseDispatched(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    Guid DecisionId,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    string Reason,
    DateTimeOffset RoutedAt,
    string? CategoryCode,
    string? Urgency,
    string CommunityCode,
    string StreetCode,
    string DistrictCode,
    ResponseTargets? Targets);

/// <summary>The responsible unit claimed the case (认领).</summary>
public sealed record CaseClaimed(Guid CaseId, string UnitCode, DateTimeOffset ClaimedAt);

/// <summary>
/// The unit returned the case as not theirs (退回); it waits at the street's triage desk for review.
/// </summary>
/// <param name="Reason">The unit's note.</param>
/// <param name="ReasonCode">The coded reason (<c>Commands/Return.cs</c>); null on returns before codes.</param>
public sealed record CaseReturned(
    Guid CaseId,
    string UnitCode,
    string Reason,
    Assignment TriageDesk,
    DateTimeOffset ReturnedAt,
    string? ReasonCode = null);

/// <summary>The unit holding the case appealed its inclusion in its assessment (核减申请), with its evidence.</summary>
public sealed record AppealFiled(Guid CaseId, string UnitCode, string Ground, string Evidence, DateTimeOffset FiledAt);

/// <summary>A supervisor approved the appeal (同意核减): the case leaves the unit's assessed measures.</summary>
public sealed record AppealApproved(Guid CaseId, string UnitCode, string Note, DateTimeOffset DecidedAt);

/// <summary>A supervisor rejected the appeal (驳回申诉): the case stays in the unit's assessment.</summary>
public sealed record AppealRejected(Guid CaseId, string UnitCode, string Note, DateTimeOffset DecidedAt);

/// <summary>
/// The triage desk rejected the return (驳回): the case is back with the unit that returned it, whose clocks ran
/// all along.
/// </summary>
public sealed record ReturnRejected(Guid CaseId, Assignment To, string Note, DateTimeOffset RejectedAt);

/// <summary>After repeated returns a supervisor fixed the case to a unit (定派): it can no longer be returned.</summary>
public sealed record AssignmentFixed(Guid CaseId, Assignment To, string Reason, DateTimeOffset FixedAt);

/// <summary>A note on the work under way (办理进展).</summary>
public sealed record ProgressNoted(Guid CaseId, string Note, DateTimeOffset NotedAt);

/// <summary>The unit asked another department to assist (协办).</summary>
public sealed record AssistanceRequested(Guid CaseId, string Department, string Note, DateTimeOffset RequestedAt);

/// <summary>The unit resolved the case (办结), saying what was done.</summary>
public sealed record CaseResolved(Guid CaseId, string UnitCode, string Summary, DateTimeOffset ResolvedAt);

/// <summary>The resident's feedback (回访).</summary>
/// <param name="Satisfied">Satisfied or basically satisfied; false reopens the case.</param>
/// <param name="Satisfaction"><c>satisfied</c>, <c>basically-satisfied</c> or <c>dissatisfied</c>; null on feedback
/// recorded before the three levels (read from <paramref name="Satisfied"/>).</param>
/// <param name="Resolved">Whether the problem was solved (是否解决); null on feedback before it was asked.</param>
/// <param name="Source"><c>agent</c> (回访员) or <c>resident-link</c>; null on feedback before either.</param>
public sealed record FeedbackGiven(
    Guid CaseId,
    bool Satisfied,
    string? Comment,
    DateTimeOffset GivenAt,
    string? Satisfaction = null,
    bool? Resolved = null,
    string? Source = null);

/// <summary>The resident was not satisfied: the case goes back to the unit that resolved it.</summary>
public sealed record CaseReopened(Guid CaseId, string UnitCode, DateTimeOffset ReopenedAt);

/// <summary>The case was closed (结案).</summary>
public sealed record CaseClosed(Guid CaseId, string Reason, bool? Satisfied, DateTimeOffset ClosedAt);

/// <summary>A supervisor or dispatcher gave the case to another unit (改派).</summary>
public sealed record CaseReassigned(Guid CaseId, Assignment Assignment, string Reason, DateTimeOffset ReassignedAt);

/// <summary>The case was escalated one level up (上报): community → street → district; department → supervisor.</summary>
public sealed record CaseEscalated(
    Guid CaseId,
    Assignment From,
    Assignment To,
    string Reason,
    DateTimeOffset EscalatedAt);

/// <summary>The street blew the whistle (街道吹哨): the departments must report (报到) by <see cref="ReportBy"/>.</summary>
public sealed record WhistleBlown(
    Guid CaseId,
    IReadOnlyList<string> Departments,
    DateTimeOffset ReportBy,
    string Reason,
    DateTimeOffset BlownAt);

/// <summary>A summoned department reported (报到).</summary>
public sealed record WhistleAnswered(Guid CaseId, string Department, DateTimeOffset AnsweredAt);

/// <summary>The unit asked for more time (延期申请).</summary>
public sealed record ExtensionRequested(
    Guid CaseId,
    DateTimeOffset ResolveBy,
    string Reason,
    DateTimeOffset RequestedAt);

/// <summary>A supervisor approved the extension.</summary>
public sealed record ExtensionApproved(Guid CaseId, DateTimeOffset ResolveBy, string? Note, DateTimeOffset ApprovedAt);

/// <summary>A supervisor denied the extension.</summary>
public sealed record ExtensionDenied(Guid CaseId, string Reason, DateTimeOffset DeniedAt);

/// <summary>The case was merged into a duplicate, which survives (合并).</summary>
public sealed record CaseMerged(Guid CaseId, Guid SurvivorCaseId, string Reason, DateTimeOffset MergedAt);

/// <summary>A duplicate was merged into this case; the duplicate's history points here.</summary>
public sealed record DuplicateMerged(Guid CaseId, Guid DuplicateCaseId, DateTimeOffset MergedAt);

/// <summary>The SLA service warned that a deadline is near (预警).</summary>
public sealed record SlaWarned(
    Guid CaseId,
    Guid DeadlineId,
    string Kind,
    string UnitCode,
    DateTimeOffset DueAt,
    DateTimeOffset WarnedAt);

/// <summary>A deadline passed unmet (超时): recorded, and for response and resolution the case is escalated.</summary>
public sealed record SlaBreachRecorded(
    Guid CaseId,
    Guid DeadlineId,
    string Kind,
    string UnitCode,
    DateTimeOffset DueAt,
    DateTimeOffset BreachedAt);

/// <summary>
/// A photo of the matter was attached (现场照片); its bytes are kept beside the stream, not in the event.
/// </summary>
public sealed record PhotoAttached(Guid CaseId, Guid PhotoId, string ContentType, int Bytes, DateTimeOffset AttachedAt);

/// <summary>
/// A supervision order (督办单): the unit that holds the case let its response or resolution deadline pass,
/// and keeps the case; its supervisors are to see that it acts by <see cref="DueAt"/>. Opened once per breach.
/// </summary>
/// <param name="DeadlineKind">The breached deadline's kind: <c>response</c> or <c>resolution</c>.</param>
/// <param name="UnitCode">The unit pressed to act: the one that holds the case.</param>
/// <param name="OrderedAt">The breach's time (the deadline's due time), however late it was handled.</param>
public sealed record SupervisionOrdered(
    Guid CaseId,
    Guid OrderId,
    string DeadlineKind,
    string UnitCode,
    string Reason,
    DateTimeOffset DueAt,
    DateTimeOffset OrderedAt);

/// <summary>A supervisor pressed the unit that holds the case to get on with it (催办).</summary>
public sealed record CaseUrged(Guid CaseId, string UnitCode, string Note, DateTimeOffset UrgedAt);

/// <summary>
/// The unit holding the case asked to pause its clocks (挂起申请): it cannot act for a coded reason (waiting for the
/// resident, a legal procedure, the weather, a third party) and expects to resume by <see cref="ResumeBy"/>.
/// </summary>
/// <param name="ReasonCode">One of <c>Commands/RequestPause.cs</c>'s reasons.</param>
public sealed record PauseRequested(
    Guid CaseId,
    string UnitCode,
    string ReasonCode,
    string Note,
    DateTimeOffset ResumeBy,
    DateTimeOffset RequestedAt);

/// <summary>
/// A supervisor approved the pause (同意挂起): the case's open response and resolution deadlines stop until it is
/// resumed (<see cref="CaseResumed"/>). Published to the SLA service as <c>Contracts.Cases.CasePaused</c>.
/// </summary>
/// <param name="ResumeBy">When the unit expects to resume: shown; past it, the case is on the overdue board.</param>
public sealed record CasePaused(
    Guid CaseId,
    string UnitCode,
    string ReasonCode,
    DateTimeOffset ResumeBy,
    string? Note,
    DateTimeOffset PausedAt);

/// <summary>A supervisor denied the pause (不同意挂起): the clocks run on.</summary>
public sealed record PauseDenied(Guid CaseId, string UnitCode, string Note, DateTimeOffset DeniedAt);

/// <summary>
/// The pause ended (恢复计时), given by the unit or a supervisor: the SLA service moves each paused deadline later by
/// the time it was paused. Published as <c>Contracts.Cases.CaseResumed</c>.
/// </summary>
/// <param name="PausedAt">When the pause began, so the paused time is the event's own.</param>
public sealed record CaseResumed(
    Guid CaseId,
    string UnitCode,
    string? Note,
    DateTimeOffset PausedAt,
    DateTimeOffset ResumedAt);
