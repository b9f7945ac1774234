using CallResponse.Contracts.Routing;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// Giving a case to a unit by hand: routing from the triage desk (人工派单), reassignment by a
/// supervisor or dispatcher (改派), and escalation one level up (上报). Each choice is checked by
/// routing, the community negative list included.
/// </summary>
public static class Reassigning
{
    /// <param name="Level">grid, community or street (those of the case's grid), department, or district.</param>
    /// <param name="Department">The department's code, with level department.</param>
    /// <param name="Assisting">Assisting departments; left out, the case keeps those it has (an empty list clears them).</param>
    /// <param name="Reason">Why (required): it stands in the case's history.</param>
    public sealed record AssignRequest(string? Level, string? Department = null, IReadOnlyList<string>? Assisting = null, string? Reason = null);

    /// <param name="Reason">Why the case goes up (required).</param>
    public sealed record EscalateRequest(string? Reason);

    public static IEndpointRouteBuilder MapReassigning(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<AssignRequest>(
            CaseCommandNames.Route,
            "Route a case from the triage desk by hand (人工派单). Street dispatcher of the case's street, supervisor.",
            CaseAccess.IsStreetDispatching,
            async (context, request) =>
            {
                var (decision, refusal) = await RoutingCheck.CheckAsync(context, request.Level ?? string.Empty, request.Department, request.Assisting ?? context.Case.AssistingDepartments, request.Reason);
                return refusal ?? Decision.Of(new CaseRouted(
                    context.Case.Id, context.Case.TrackingNumber, context.Case.ItemCode, context.Case.Place.Grid, Guid.CreateVersion7(context.Now),
                    decision!.Assignment, decision.RuleId, decision.CatalogueVersion, decision.Reason, context.Now, context.Case.CategoryCode, context.Case.Urgency,
                    context.Case.Place.Community, context.Case.Place.Street, context.Case.Place.District));
            });

        endpoints.MapCaseCommand<AssignRequest>(
            CaseCommandNames.Reassign,
            "Give the case to another unit (改派). Dispatchers over the case's place, supervisors.",
            CaseAccess.IsDispatching,
            async (context, request) =>
            {
                var (decision, refusal) = await RoutingCheck.CheckAsync(context, request.Level ?? string.Empty, request.Department, request.Assisting ?? context.Case.AssistingDepartments, request.Reason);
                return refusal ?? (decision!.Assignment.UnitCode == context.Case.Assignment?.UnitCode && decision.Assignment.Level == context.Case.Assignment.Level
                    ? Decision.Field("level", "案件已在该单位 (the case is assigned to that unit already).")
                    : Decision.Of(new CaseReassigned(context.Case.Id, decision.Assignment, decision.Reason, context.Now)));
            });

        endpoints.MapCaseCommand<EscalateRequest>(
            CaseCommandNames.Escalate,
            "Escalate one level up (上报): grid → community → street → district; a department → the district's supervisors.",
            (state, actor) => CaseAccess.IsResponsibleUnit(state, actor) || CaseAccess.IsDispatching(state, actor),
            async (context, request) =>
            {
                if (string.IsNullOrWhiteSpace(request.Reason))
                {
                    return Decision.Field("reason", "请说明上报理由 (a reason is required).");
                }

                if (NextLevelUp(context.Case.Assignment!.Level) is not { } next)
                {
                    return new Decision.Refuse(StatusCodes.Status409Conflict, "The case is at the district already.", "There is no level above the district's supervision desk.");
                }

                var (decision, refusal) = await RoutingCheck.CheckAsync(context, next, null, context.Case.AssistingDepartments, request.Reason);
                return refusal ?? Decision.Of(new CaseEscalated(context.Case.Id, context.Case.Assignment, decision!.Assignment, request.Reason, context.Now));
            });

        return endpoints;
    }

    /// <summary>One level up from an assignment level, or null at the top.</summary>
    public static string? NextLevelUp(string level) => level switch
    {
        AssignmentLevels.Grid => AssignmentLevels.Community,
        AssignmentLevels.Community => AssignmentLevels.Street,
        AssignmentLevels.Street or AssignmentLevels.TriageDesk or AssignmentLevels.Department => CaseAssignments.District,
        _ => null,
    };
}
