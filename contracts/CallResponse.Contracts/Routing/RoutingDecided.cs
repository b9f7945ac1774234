namespace CallResponse.Contracts.Routing;

/// <summary>
/// Routing decided who responds to a case. The cases service records it in the case's history;
/// <see cref="DecisionId"/> is stable for one decision so a redelivery is recognised.
/// </summary>
/// <param name="CategoryCode">The item's category; null when the item is not in the catalogue.</param>
/// <param name="Urgency">The item's urgency, urgent or ordinary; null when the item is not in the catalogue.</param>
/// <param name="Targets">
/// The item's time limits under this catalogue version, so the SLA needs no lookup; null when the item is not in
/// the catalogue.
/// </param>
public sealed record RoutingDecided(
    Guid CaseId,
    Guid DecisionId,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    string Reason,
    DateTimeOffset DecidedAt,
    string? CategoryCode,
    string? Urgency,
    ResponseTargets? Targets);
