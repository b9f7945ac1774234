using CallResponse.Contracts.Routing;

namespace CallResponse.Contracts.Cases;

/// <summary>A case was assigned to a responsible unit; its response clock starts now.</summary>
public sealed record CaseRouted(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    DateTimeOffset RoutedAt);
