using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>改派 (reassign): a dispatcher or supervisor gives the case to another unit, as routing checks.</summary>
public static class Reassign
{
    /// <param name="routing">Routing's check of the choice.</param>
    public static Decision Decide(CommandContext context, Route.Request request, RoutingCheck.Outcome routing)
    {
        if (routing.Checked is not { } choice)
        {
            return routing.Refusal!;
        }

        return choice.Assignment.UnitCode == context.Case.Assignment?.UnitCode
               && choice.Assignment.Level == context.Case.Assignment.Level
            ? Decision.Field("level", "案件已在该单位 (the case is assigned to that unit already).")
            : Decision.Of(new CaseReassigned(context.Case.Id, choice.Assignment, choice.Reason, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapCaseCommand<Route.Request, RoutingCheck.Outcome>(
            CaseCommandNames.Reassign,
            "Give the case to another unit (改派). Dispatchers over the case's place, supervisors.",
            Route.CheckAsync,
            Decide);
}
