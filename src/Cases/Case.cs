using CallResponse.Contracts.Routing;

namespace CallResponse.Cases;

// The events of a case's stream. Each records what happened; who did it is in the event metadata
// and, where it matters to the domain, in the event itself.

/// <summary>A case was opened from a logged call (呼).</summary>
public sealed record CaseOpened(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy);

/// <summary>
/// The case was assigned (派单) by a routing decision. It repeats the case's tracking number, item
/// and grid so that its readers need no other event.
/// </summary>
public sealed record CaseRouted(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    Guid DecisionId,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    string Reason,
    DateTimeOffset RoutedAt);

/// <summary>Where a case is in its life.</summary>
public enum CaseStatus
{
    /// <summary>Logged, waiting for routing.</summary>
    Open,

    /// <summary>Assigned to a responsible unit, waiting to be claimed (待认领).</summary>
    Routed,
}

/// <summary>
/// A case's current state, folded from its events. Marten keeps it as an inline snapshot, updated in
/// the same transaction as the events, so reads are immediately consistent and never replay streams.
/// </summary>
public sealed record Case(
    Guid Id,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    CaseStatus Status,
    Assignment? Assignment,
    Guid? RoutingDecisionId,
    string? CatalogueVersion,
    string? RuleId,
    DateTimeOffset? RoutedAt)
{
    /// <summary>The stream version, set by Marten; the case's ETag.</summary>
    public long Version { get; set; }

    public static Case Create(CaseOpened opened) => new(
        opened.CaseId,
        opened.TrackingNumber,
        opened.ItemCode,
        opened.GridCode,
        opened.Description,
        opened.Channel,
        opened.ReportedAt,
        opened.LoggedAt,
        CaseStatus.Open,
        Assignment: null,
        RoutingDecisionId: null,
        CatalogueVersion: null,
        RuleId: null,
        RoutedAt: null);

    public Case Apply(CaseRouted routed) => this with
    {
        Status = CaseStatus.Routed,
        Assignment = routed.Assignment,
        RoutingDecisionId = routed.DecisionId,
        CatalogueVersion = routed.CatalogueVersion,
        RuleId = routed.RuleId,
        RoutedAt = routed.RoutedAt,
    };
}
