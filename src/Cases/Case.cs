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

    public DateTimeOffset? RoutedAt { get; init; }

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
        EscalateOnBreach = routed.Targets?.EscalateOnBreach ?? EscalateOnBreach,
        SupervisionOrders = SupervisionOrders.Withdrawn(routed.RoutedAt),
    };

    public Case Apply(CaseClaimed claimed) => this with
    {
        Status = CaseStatus.Claimed,
        ClaimedAt = claimed.ClaimedAt,
        FirstClaimedAt = FirstClaimedAt ?? claimed.ClaimedAt,
        SupervisionOrders = SupervisionOrders.Met(claimed.ClaimedAt, DeadlineKinds.Response),
    };

    public Case Apply(CaseReturned returned) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = returned.TriageDesk,
        ClaimedAt = null,
        ReturnCount = ReturnCount + 1,
        SupervisionOrders = SupervisionOrders.Withdrawn(returned.ReturnedAt),
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
        SupervisionOrders =
            SupervisionOrders.Met(resolved.ResolvedAt, DeadlineKinds.Response, DeadlineKinds.Resolution),
    };

    public Case Apply(FeedbackGiven feedback) =>
        this with { Satisfied = feedback.Satisfied, LastFeedbackSatisfied = feedback.Satisfied };

    public Case Apply(CaseReopened reopened) => this with
    {
        Status = CaseStatus.Claimed,
        ResolvedAt = null,
        Satisfied = null,
        ReopenCount = ReopenCount + 1,
    };

    public Case Apply(CaseClosed closed) => this with
    {
        Status = CaseStatus.Closed,
        ClosedAt = closed.ClosedAt,
        SupervisionOrders = SupervisionOrders.Withdrawn(closed.ClosedAt),
    };

    public Case Apply(CaseReassigned reassigned) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = reassigned.Assignment,
        AssistingDepartments = reassigned.Assignment.AssistingDepartments,
        ClaimedAt = null,
        RoutedAt = reassigned.ReassignedAt,
        SupervisionOrders = SupervisionOrders.Withdrawn(reassigned.ReassignedAt),
    };

    public Case Apply(CaseEscalated escalated) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = escalated.To,
        ClaimedAt = null,
        RoutedAt = escalated.EscalatedAt,
        EscalationCount = EscalationCount + 1,
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
    };

    public Case Apply(CaseUrged urged) => this with { UrgeCount = UrgeCount + 1 };
}
