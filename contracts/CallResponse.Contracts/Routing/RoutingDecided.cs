namespace CallResponse.Contracts.Routing;

/// <summary>
/// Routing decided who responds to a case. The cases service records it in the case's history;
/// <see cref="DecisionId"/> is stable for one decision so a redelivery is recognised.
/// </summary>
public sealed record RoutingDecided(
    Guid CaseId,
    Guid DecisionId,
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    string Reason,
    DateTimeOffset DecidedAt);
