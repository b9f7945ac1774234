using CallResponse.Contracts.Routing;

namespace CallResponse.Contracts.Cases;

/// <summary>
/// A case was assigned to a responsible unit (by a rule, or by hand from a triage desk); its
/// response clock starts now.
/// </summary>
/// <param name="Urgency">The item's urgency; null when the item is not in the catalogue.</param>
/// <param name="CommunityCode">The case's community.</param>
/// <param name="StreetCode">The case's street.</param>
/// <param name="DistrictCode">The case's district.</param>
/// <param name="Targets">
/// The item's time limits under <paramref name="CatalogueVersion"/> (a routing by hand repeats the first routing's);
/// null for an item not in the catalogue.
/// </param>
/// <param name="CaseVersion">The case's stream version at this routing, as on the lifecycle messages.</param>
public sealed record CaseRouted(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    DateTimeOffset RoutedAt,
    string? Urgency,
    string CommunityCode,
    string StreetCode,
    string DistrictCode,
    ResponseTargets? Targets,
    long CaseVersion);
