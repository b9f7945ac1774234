using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 退回 (return): the assigned unit sends the case back as not theirs; it waits at its street's triage desk.
/// </summary>
public static class Return
{
    public const int ReasonMaxLength = 500;

    /// <param name="Reason">Why the case is not the unit's (required; counts toward the return rate).</param>
    public sealed record Request(string? Reason);

    public static Decision Decide(CommandContext context, Request request)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ReasonMaxLength)
        {
            return Decision.Field(
                "reason", $"请说明退回理由 (a reason of 1 to {ReasonMaxLength} characters is required).");
        }

        var street = context.Case.Place.Street;
        var desk = new Assignment(AssignmentLevels.TriageDesk, street, $"{street} 分拨台", []);
        return Decision.Of(new CaseReturned(
            context.Case.Id, context.Case.Assignment!.UnitCode, request.Reason.Trim(), desk, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Return,
        "Return the case as not the unit's (退回), with the reason; it goes to its street's triage desk.",
        Decide);
}
