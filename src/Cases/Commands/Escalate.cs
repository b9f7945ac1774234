using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 上报 (escalate): the case goes one level up, grid → community → street → district, and a department's
/// to the district's supervisors; routing names the unit there.
/// </summary>
public static class Escalate
{
    /// <param name="Reason">Why the case goes up (required).</param>
    public sealed record Request(string? Reason);

    /// <param name="routing">Routing's check of the unit one level up.</param>
    public static Decision Decide(CommandContext context, Request request, RoutingCheck.Outcome routing)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Decision.Field("reason", "请说明上报理由 (a reason is required).");
        }

        return routing.Checked is { } choice
            ? Decision.Of(new CaseEscalated(
                context.Case.Id, context.Case.Assignment!, choice.Assignment, request.Reason, context.Now))
            : routing.Refusal!;
    }

    // The state table refuses an escalation from the top, so there is a level above.
    private static Task<RoutingCheck.Outcome> CheckAsync(CommandContext context, Request request, HttpContext http) =>
        RoutingCheck.CheckAsync(
            http,
            context.Case,
            CaseAssignments.NextLevelUp(context.Case.Assignment!.Level)!,
            null,
            context.Case.AssistingDepartments,
            request.Reason);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapCaseCommand<Request, RoutingCheck.Outcome>(
            CaseCommandNames.Escalate,
            "Escalate one level up (上报): grid → community → street → district; "
            + "a department → the district's supervisors.",
            CheckAsync,
            Decide);
}
