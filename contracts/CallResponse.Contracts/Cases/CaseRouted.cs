using CallResponse.Contracts.Routing;

namespace CallResponse.Contracts.Cases;

/// <summary>
/// A case was assigned to a responsible unit (by a rule, or by hand from a triage desk); its
/// response clock starts now.
/// </summary>
/// <param name="Urgency">The item's urgency (added in v1.1).</param>
/// <param name="CommunityCode">The case's community (v1.1).</param>
/// <param name="StreetCode">The case's street (v1.1).</param>
/// <param name="DistrictCode">The case's district (v1.1).</param>
/// <param name="Targets">
/// The item's time limits under <paramref name="CatalogueVersion"/> (v1.1); null for a routing by hand.
/// </param>
/// <param name="CaseVersion">The case's stream version at this routing (v1.2), as on the lifecycle messages.</param>
public sealed record CaseRouted(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    DateTimeOffset RoutedAt,
    string? Urgency = null,
    string? CommunityCode = null,
    string? StreetCode = null,
    string? DistrictCode = null,
    ResponseTargets? Targets = null,
    long? CaseVersion = null);
