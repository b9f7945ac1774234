namespace CallResponse.Contracts.Routing;

/// <summary>An item's promise under the catalogue version a case was routed with.</summary>
/// <param name="ResponseTarget">Time to claim, ISO 8601 duration, e.g. <c>PT30M</c>.</param>
/// <param name="ResolutionTarget">Time to resolve, e.g. <c>P2D</c>.</param>
/// <param name="Clock"><c>24x7</c> or <c>working</c>.</param>
/// <param name="ReturnWithin">
/// How long after dispatch a unit may return the case (退单时限), on <paramref name="Clock"/>; null from a routing
/// service that predates it (the cases service then uses its default).
/// </param>
public sealed record ResponseTargets(
    string ResponseTarget, string ResolutionTarget, string Clock, string? ReturnWithin = null);
