using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 人工派单 (route by hand): a case waiting at a triage desk is given to a unit, a choice routing checks
/// against the catalogue, the area tree and the community negative list.
/// </summary>
public static class Route
{
    /// <param name="Level">grid, community or street (those of the case's grid), department, or district.</param>
    /// <param name="Department">The department's code, with level department.</param>
    /// <param name="Assisting">Assisting departments; left out, the case keeps its own (an empty list clears them).
    /// </param>
    /// <param name="Reason">Why (required): it stands in the case's history.</param>
    public sealed record Request(
        string? Level, string? Department = null, IReadOnlyList<string>? Assisting = null, string? Reason = null);

    /// <param name="routing">Routing's check of the choice.</param>
    public static Decision Decide(CommandContext context, Request request, RoutingCheck.Outcome routing)
    {
        if (routing.Checked is not { } choice)
        {
            return routing.Refusal!;
        }

        var (current, place) = (context.Case, context.Case.Place);
        if (current.PendingReturn?.From.UnitCode == choice.Assignment.UnitCode)
        {
            // Routing it back would give the unit fresh clocks; a rejection keeps the ones that ran.
            return Decision.Field(
                "level",
                "该单位刚退回此案：如退单理由不成立，请驳回 (reject-return) (the unit just returned the case: "
                + "to give it back, reject the return).");
        }

        return Decision.Of(new CaseDispatched(
            current.Id,
            current.TrackingNumber,
            current.ItemCode,
            place.Grid,
            Guid.CreateVersion7(context.Now),
            choice.Assignment,
            choice.RuleId,
            choice.CatalogueVersion,
            choice.Reason,
            context.Now,
            current.CategoryCode,
            current.Urgency,
            place.Community,
            place.Street,
            place.District,
            // The first routing's targets again: a consumer that hears this routing before the first (delivered
            // late) must still know the item's time limits, or it took the defaults (a 4-hour working-time target).
            current.Targets));
    }

    /// <summary>Asks routing about the unit <paramref name="request"/> names (the reassignment's too).</summary>
    public static Task<RoutingCheck.Outcome> CheckAsync(CommandContext context, Request request, HttpContext http) =>
        RoutingCheck.CheckAsync(
            http,
            context.Case,
            request.Level ?? string.Empty,
            request.Department,
            request.Assisting ?? context.Case.AssistingDepartments,
            request.Reason);

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request, RoutingCheck.Outcome>(
        CaseCommandNames.Route,
        "Route a case from the triage desk by hand (人工派单). Street dispatcher of the case's street, supervisor.",
        CheckAsync,
        Decide);
}
