using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 定派 (fix the assignment): a supervisor gives a case waiting at a triage desk to a unit for good. After
/// <see cref="Return.FixedAfterReturns"/> returns the desk may no longer route it, so a case cannot circle
/// between units that each say it is not theirs; a fixed case cannot be returned.
/// </summary>
public static class FixAssignment
{
    /// <param name="routing">Routing's check of the unit chosen.</param>
    public static Decision Decide(CommandContext context, Route.Request request, RoutingCheck.Outcome routing)
    {
        if (routing.Checked is not { } choice)
        {
            return routing.Refusal!;
        }

        if (RequiredText.Check(request.Reason, "reason", out var reason) is { } invalid)
        {
            return invalid;
        }

        return Decision.Of(new AssignmentFixed(context.Case.Id, choice.Assignment, reason, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapCaseCommand<Route.Request, RoutingCheck.Outcome>(
            CaseCommandNames.FixAssignment,
            "Fix a case at the triage desk to a unit for good (定派): it can no longer be returned. Supervisors.",
            Route.CheckAsync,
            Decide);
}
