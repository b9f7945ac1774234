namespace CallResponse.Contracts.Routing;

/// <summary>An item's promise under the catalogue version a case was routed with.</summary>
/// <param name="ResponseTarget">Time to claim, ISO 8601 duration, e.g. <c>PT30M</c>.</param>
/// <param name="ResolutionTarget">Time to resolve, e.g. <c>P2D</c>.</param>
/// <param name="Clock"><c>24x7</c> or <c>working</c>.</param>
/// <param name="EscalateOnBreach">
/// The item's breaches escalate the case one level up (超时自动上报) rather than open a supervision order
/// (督办单) for the unit that holds it: set for the few urgent safety items the district must take over.
/// Added after version 1 shipped, so optional: a publisher without it means false, the default rule.
/// </param>
/// <param name="ReturnWithin">
/// How long after dispatch a unit may return the case (退单时限), on <paramref name="Clock"/>; null from a routing
/// service that predates it (the cases service then uses its default).
/// </param>
public sealed record ResponseTargets(
    string ResponseTarget,
    string ResolutionTarget,
    string Clock,
    bool EscalateOnBreach = false,
    string? ReturnWithin = null);
