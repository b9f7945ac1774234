using CallResponse.Cases.Oversight;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.Contracts.Sla;
using CallResponse.Cases.Supervision;

namespace CallResponse.Cases;

/// <summary>Where a case is in its life (see <c>Lifecycle/CaseStateMachine.cs</c> for the moves).</summary>
public enum CaseStatus
{
    /// <summary>受理: logged, waiting for routing.</summary>
    Open,

    /// <summary>待认领: assigned (or at a triage desk), waiting to be claimed.</summary>
    Routed,

    /// <summary>已认领: the responsible unit has claimed it.</summary>
    Claimed,

    /// <summary>办理中: work is under way.</summary>
    InProgress,

    /// <summary>已办结: resolved, waiting for the resident's feedback.</summary>
    Resolved,

    /// <summary>已结案: closed.</summary>
    Closed,

    /// <summary>已合并: merged into a duplicate that survives.</summary>
    Merged,
}

/// <summary>
/// A case's current state, folded from its events. Marten keeps it as an inline snapshot, updated in
/// the same transaction as the events, so reads are immediately consistent and never replay streams.
/// </summary>
public sealed record Case
{
    public Guid Id { get; init; }

    /// <summary>The stream version, set by Marten; the case's ETag.</summary>
    public long Version { get; set; }

    public string TrackingNumber { get; init; } = string.Empty;

    public string ItemCode { get; init; } = string.Empty;

    public string? CategoryCode { get; init; }

    public string? Urgency { get; init; }

    public Place Place { get; init; } = new(string.Empty, string.Empty, string.Empty, string.Empty);

    public string Description { get; init; } = string.Empty;

    public string Channel { get; init; } = string.Empty;

    public DateTimeOffset ReportedAt { get; init; }

    public DateTimeOffset LoggedAt { get; init; }

    public CaseStatus Status { get; init; }

    public Assignment? Assignment { get; init; }

    public Guid? RoutingDecisionId { get; init; }

    public string? CatalogueVersion { get; init; }

    public string? RuleId { get; init; }

    /// <summary>When the case was given to the unit that holds it now: its return window (退单时限) starts here.</summary>
    public DateTimeOffset? RoutedAt { get; init; }

    /// <summary>The item's targets from its first routing (a routing by hand keeps them); null if none came.</summary>
    public ResponseTargets? Targets { get; init; }

    /// <summary>A return waiting for the triage desk's review, with the unit's assignment to restore on a
    /// rejection.</summary>
    public PendingReturn? PendingReturn { get; init; }

    /// <summary>An appeal (核减申请) waiting for a supervisor's decision.</summary>
    public AppealFiled? PendingAppeal { get; init; }

    /// <summary>A pause (挂起申请) waiting for a supervisor's decision.</summary>
    public PauseRequested? PendingPause { get; init; }

    /// <summary>Since when the case's clocks are paused (挂起中); null while they run.</summary>
    public DateTimeOffset? PausedSince { get; init; }

    /// <summary>
    /// While paused, when the unit expected to resume: the pause lasts until someone resumes it, and after this time
    /// the case is on the overdue board. Stored in its own column for the board.
    /// </summary>
    public DateTimeOffset? ResumeBy { get; init; }

    /// <summary>The coded reason of the pause under way (<c>Commands/RequestPause.cs</c>).</summary>
    public string? PauseReasonCode { get; init; }

    /// <summary>The time the case spent paused, over every pause that has ended (挂起时长).</summary>
    public long PausedSeconds { get; init; }

    /// <summary>How many pauses were approved on the case.</summary>
    public int PauseCount { get; init; }

    /// <summary>A supervisor fixed the case to its unit (定派): it can no longer be returned.</summary>
    public bool AssignmentFixed { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>
    /// When the case was first assigned and first claimed: the measures' time to claim (later moves reset the
    /// others).
    /// </summary>
    public DateTimeOffset? FirstRoutedAt { get; init; }

    public DateTimeOffset? FirstClaimedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public bool? Satisfied { get; init; }

    public int ReturnCount { get; init; }

    public int ReopenCount { get; init; }

    public int EscalationCount { get; init; }

    public IReadOnlyList<string> AssistingDepartments { get; init; } = [];

    /// <summary>Departments summoned by a whistle that have not reported yet.</summary>
    public IReadOnlyList<string> SummonedDepartments { get; init; } = [];

    public DateTimeOffset? ReportBy { get; init; }

    public DateTimeOffset? RequestedResolveBy { get; init; }

    public DateTimeOffset? ExtendedResolveBy { get; init; }

    public Guid? MergedInto { get; init; }

    public IReadOnlyList<Guid> Duplicates { get; init; } = [];

    /// <summary>Photos attached to the case, oldest first (<c>GET /api/cases/{id}/photos/{photoId}</c>).</summary>
    public IReadOnlyList<Guid> Photos { get; init; } = [];

    /// <summary>
    /// SLA notices recorded (<c>{deadline}:warned</c>, <c>{deadline}:breached</c>), so a redelivery records nothing
    /// twice.
    /// </summary>
    public IReadOnlyList<string> SlaNotices { get; init; } = [];

    public int BreachCount { get; init; }

    public bool ResponseBreached { get; init; }

    public bool ResolutionBreached { get; init; }

    /// <summary>When the SLA service last warned that a deadline was near.</summary>
    public DateTimeOffset? LastWarnedAt { get; init; }

    /// <summary>
    /// The resident's latest feedback, kept for the measures (<see cref="Satisfied"/> is cleared by a reopening).
    /// </summary>
    public bool? LastFeedbackSatisfied { get; init; }

    /// <summary>The latest feedback's 是否解决: whether the resident says the problem was solved.</summary>
    public bool? LastFeedbackSolved { get; init; }

    /// <summary>What the unit said it did at the latest resolution (办结情况): the resident reads it to rate.</summary>
    public string? ResolutionSummary { get; init; }

    /// <summary>Each unit's part in the case, for the measures: see <see cref="UnitShares"/>.</summary>
    public IReadOnlyList<UnitShare> Shares { get; init; } = [];

    /// <summary>
    /// What the case counts for in the measures, unit by unit (<see cref="MeasureContributions"/>). Stored with the
    /// document, so the measure totals add up what the formulas in C# said.
    /// </summary>
    public IReadOnlyList<MeasureContribution> Contributions => MeasureContributions.Of(this);

    /// <summary>
    /// From the item's targets at the first routing: a breach escalates the case (超时自动上报) rather than open a
    /// supervision order for its unit.
    /// </summary>
    public bool EscalateOnBreach { get; init; }

    /// <summary>Supervision orders (督办单) ever opened on the case, oldest first: open, or how settled.</summary>
    public IReadOnlyList<SupervisionOrder> SupervisionOrders { get; init; } = [];

    /// <summary>How many supervision orders were ever opened on the case.</summary>
    public int SupervisionOrderCount { get; init; }

    /// <summary>How many times supervisors urged the unit (催办).</summary>
    public int UrgeCount { get; init; }

    /// <summary>
    /// Where the case stands on the overdue board: 1 open and past a deadline, 2 open and near one
    /// (warned), null otherwise. Stored in its own indexed column, so the board reads the few such
    /// cases rather than every open one.
    /// </summary>
    public int? OverdueRank =>
        Status is CaseStatus.Open or CaseStatus.Routed or CaseStatus.Claimed or CaseStatus.InProgress
            ? (ResponseBreached || ResolutionBreached ? 1 : LastWarnedAt is null ? null : 2)
            : null;

    public static Case Create(CaseAccepted opened) => new()
    {
        Id = opened.CaseId,
        TrackingNumber = opened.TrackingNumber,
        ItemCode = opened.ItemCode,
        Place = new Place(opened.GridCode, opened.CommunityCode, opened.StreetCode, opened.DistrictCode),
        Description = opened.Description,
        Channel = opened.Channel,
        ReportedAt = opened.ReportedAt,
        LoggedAt = opened.LoggedAt,
        Status = CaseStatus.Open,
    };

    public Case Apply(CaseDispatched routed) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = routed.Assignment,
        AssistingDepartments = routed.Assignment.AssistingDepartments,
        RoutingDecisionId = routed.DecisionId,
        CatalogueVersion = routed.CatalogueVersion,
        RuleId = routed.RuleId,
        RoutedAt = routed.RoutedAt,
        FirstRoutedAt = FirstRoutedAt ?? routed.RoutedAt,
        CategoryCode = routed.CategoryCode ?? CategoryCode,
        Urgency = routed.Urgency ?? Urgency,
        Targets = routed.Targets ?? Targets,
        PendingReturn = null,
        Shares = UnitShares.Move(Shares, routed.Assignment, Place, UnitShares.Leaving.None, routed.RoutedAt),
        EscalateOnBreach = routed.Targets?.EscalateOnBreach ?? EscalateOnBreach,
        SupervisionOrders = SupervisionOrders.Withdrawn(routed.RoutedAt),
    };

    public Case Apply(CaseClaimed claimed) => this with
    {
        Status = CaseStatus.Claimed,
        ClaimedAt = claimed.ClaimedAt,
        FirstClaimedAt = FirstClaimedAt ?? claimed.ClaimedAt,
        Shares = UnitShares.Claim(Shares, claimed.ClaimedAt),
        SupervisionOrders = SupervisionOrders.Met(claimed.ClaimedAt, DeadlineKinds.Response),
    };

    public Case Apply(CaseReturned returned) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = returned.TriageDesk,
        ClaimedAt = null,
        ReturnCount = ReturnCount + 1,
        PendingReturn = Assignment is { } from && RoutedAt is { } fromRoutedAt
            ? new PendingReturn(from, fromRoutedAt, returned.ReasonCode, returned.Reason, returned.ReturnedAt)
            : null,
        Shares = UnitShares.Move(
            Shares, returned.TriageDesk, Place, UnitShares.Leaving.Returned, returned.ReturnedAt),
    };

    /// <summary>Back to the unit, on its first dispatch's clock: the return window does not start again.</summary>
    public Case Apply(ReturnRejected rejected) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = rejected.To,
        RoutedAt = PendingReturn?.FromRoutedAt ?? rejected.RejectedAt,
        PendingReturn = null,
        Shares = UnitShares.Move(Shares, rejected.To, Place, UnitShares.Leaving.None, rejected.RejectedAt),
    };

    public Case Apply(AssignmentFixed assigned) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = assigned.To,
        AssistingDepartments = assigned.To.AssistingDepartments,
        RoutedAt = assigned.FixedAt,
        PendingReturn = null,
        AssignmentFixed = true,
        Shares = UnitShares.Move(Shares, assigned.To, Place, UnitShares.Leaving.None, assigned.FixedAt),
        SupervisionOrders = SupervisionOrders.Withdrawn(assigned.FixedAt),
    };

    public Case Apply(ProgressNoted noted) => this with { Status = CaseStatus.InProgress };

    public Case Apply(AssistanceRequested requested) => this with
    {
        AssistingDepartments = AssistingDepartments.Contains(requested.Department)
            ? AssistingDepartments
            : [.. AssistingDepartments, requested.Department],
    };

    public Case Apply(CaseResolved resolved) => this with
    {
        Status = CaseStatus.Resolved,
        ResolvedAt = resolved.ResolvedAt,
        ResolutionSummary = resolved.Summary,
        PendingPause = null,
        Shares = UnitShares.Resolve(Shares, resolved.ResolvedAt),
        SupervisionOrders =
            SupervisionOrders.Met(resolved.ResolvedAt, DeadlineKinds.Response, DeadlineKinds.Resolution),
    };

    public Case Apply(FeedbackGiven feedback) => this with
    {
        Satisfied = feedback.Satisfied,
        LastFeedbackSatisfied = feedback.Satisfied,
        LastFeedbackSolved = feedback.Resolved ?? feedback.Satisfied,
        Shares = UnitShares.Feedback(Shares, feedback.Satisfied, feedback.Resolved ?? feedback.Satisfied),
    };

    public Case Apply(CaseReopened reopened) => this with
    {
        Status = CaseStatus.Claimed,
        ResolvedAt = null,
        Satisfied = null,
        ReopenCount = ReopenCount + 1,
        Shares = UnitShares.Reopen(Shares),
    };

    public Case Apply(CaseClosed closed) => this with
    {
        Status = CaseStatus.Closed,
        ClosedAt = closed.ClosedAt,
        PendingPause = null,
        SupervisionOrders = SupervisionOrders.Withdrawn(closed.ClosedAt),
    };

    public Case Apply(CaseReassigned reassigned) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = reassigned.Assignment,
        AssistingDepartments = reassigned.Assignment.AssistingDepartments,
        ClaimedAt = null,
        RoutedAt = reassigned.ReassignedAt,
        PendingPause = null,
        PendingReturn = null,
        Shares = UnitShares.Move(
            Shares, reassigned.Assignment, Place, UnitShares.Leaving.Reassigned, reassigned.ReassignedAt),
        SupervisionOrders = SupervisionOrders.Withdrawn(reassigned.ReassignedAt),
    };

    public Case Apply(CaseEscalated escalated) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = escalated.To,
        ClaimedAt = null,
        RoutedAt = escalated.EscalatedAt,
        PendingPause = null,
        PendingReturn = null,
        EscalationCount = EscalationCount + 1,
        Shares = UnitShares.Move(Shares, escalated.To, Place, UnitShares.Leaving.Escalated, escalated.EscalatedAt),
        SupervisionOrders = SupervisionOrders.Withdrawn(escalated.EscalatedAt),
    };

    public Case Apply(WhistleBlown whistle) => this with
    {
        SummonedDepartments = [.. SummonedDepartments.Union(whistle.Departments)],
        ReportBy = whistle.ReportBy,
    };

    public Case Apply(WhistleAnswered answered) => this with
    {
        SummonedDepartments = [.. SummonedDepartments.Where(department => department != answered.Department)],
        AssistingDepartments = AssistingDepartments.Contains(answered.Department)
            ? AssistingDepartments
            : [.. AssistingDepartments, answered.Department],
    };

    public Case Apply(ExtensionRequested requested) => this with { RequestedResolveBy = requested.ResolveBy };

    public Case Apply(ExtensionApproved approved) =>
        this with { RequestedResolveBy = null, ExtendedResolveBy = approved.ResolveBy };

    public Case Apply(ExtensionDenied denied) => this with { RequestedResolveBy = null };

    public Case Apply(CaseMerged merged) => this with
    {
        Status = CaseStatus.Merged,
        MergedInto = merged.SurvivorCaseId,
        PendingPause = null,
        SupervisionOrders = SupervisionOrders.Withdrawn(merged.MergedAt),
    };

    public Case Apply(DuplicateMerged merged) => this with { Duplicates = [.. Duplicates, merged.DuplicateCaseId] };

    public Case Apply(PhotoAttached attached) => this with { Photos = [.. Photos, attached.PhotoId] };

    public Case Apply(SlaWarned warned) => this with
    {
        SlaNotices = [.. SlaNotices, $"{warned.DeadlineId}:warned"],
        LastWarnedAt = warned.WarnedAt,
    };

    public Case Apply(SlaBreachRecorded breached) => this with
    {
        SlaNotices = [.. SlaNotices, $"{breached.DeadlineId}:breached"],
        BreachCount = BreachCount + 1,
        ResponseBreached = ResponseBreached || breached.Kind == DeadlineKinds.Response,
        ResolutionBreached = ResolutionBreached || breached.Kind == DeadlineKinds.Resolution,
        Shares = UnitShares.Breach(Shares, Assignment, breached.Kind, breached.UnitCode),
    };

    public Case Apply(SupervisionOrdered ordered) => this with
    {
        SupervisionOrders =
        [
            .. SupervisionOrders,
            new SupervisionOrder(
                ordered.OrderId, ordered.DeadlineKind, ordered.UnitCode, ordered.Reason, ordered.OrderedAt,
                ordered.DueAt, SupervisionStates.Open, null),
        ],
        SupervisionOrderCount = SupervisionOrderCount + 1,
        Shares = UnitShares.Supervise(Shares, Assignment, ordered.UnitCode),
    };

    public Case Apply(PauseRequested requested) => this with { PendingPause = requested };

    public Case Apply(CasePaused paused) => this with
    {
        PendingPause = null,
        PausedSince = paused.PausedAt,
        ResumeBy = paused.ResumeBy,
        PauseReasonCode = paused.ReasonCode,
        PauseCount = PauseCount + 1,
        Shares = UnitShares.Pause(Shares),
    };

    public Case Apply(PauseDenied denied) => this with { PendingPause = null };

    public Case Apply(CaseResumed resumed) => this with
    {
        PausedSince = null,
        ResumeBy = null,
        PauseReasonCode = null,
        PausedSeconds = PausedSeconds + (long)Math.Max(0, (resumed.ResumedAt - resumed.PausedAt).TotalSeconds),
    };

    public Case Apply(AppealFiled filed) => this with { PendingAppeal = filed };

    public Case Apply(AppealApproved approved) => this with
    {
        PendingAppeal = null,
        Shares = UnitShares.Exempt(Shares, Assignment, approved.UnitCode),
    };

    public Case Apply(AppealRejected rejected) => this with { PendingAppeal = null };

    public Case Apply(CaseUrged urged) =>
        this with { UrgeCount = UrgeCount + 1, Shares = UnitShares.Urge(Shares) };
}

/// <summary>A return (退回) waiting for the triage desk's review.</summary>
/// <param name="From">The unit that returned the case, restored if the desk rejects the return.</param>
/// <param name="FromRoutedAt">When that unit was given the case: its clocks keep running from there.</param>
/// <param name="ReasonCode">The coded reason; null on returns before codes.</param>
public sealed record PendingReturn(
    Assignment From, DateTimeOffset FromRoutedAt, string? ReasonCode, string Note, DateTimeOffset ReturnedAt);
