using CallResponse.Contracts.Routing;

namespace CallResponse.Cases.Lifecycle;

/// <summary>The responsible unit takes a case on (认领) or sends it back as not theirs (退回).</summary>
public static class Claiming
{
    public const int ReasonMaxLength = 500;

    /// <summary>Claiming needs no body: send <c>{}</c>.</summary>
    public sealed record ClaimRequest;

    /// <param name="Reason">Why the case is not the unit's (required; counts toward the return rate).</param>
    public sealed record ReturnRequest(string? Reason);

    public static IEndpointRouteBuilder MapClaiming(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<ClaimRequest>(
            CaseCommandNames.Claim,
            "Claim the case (认领): the assigned unit takes it on; the response clock stops.",
            CaseAccess.IsResponsibleUnit,
            (context, _) => Task.FromResult(Decision.Of(new CaseClaimed(context.Case.Id, context.Case.Assignment!.UnitCode, context.Now))));

        endpoints.MapCaseCommand<ReturnRequest>(
            CaseCommandNames.Return,
            "Return the case as not the unit's (退回), with the reason; it goes to its street's triage desk.",
            CaseAccess.IsResponsibleUnit,
            (context, request) => Task.FromResult(Return(context, request)));

        return endpoints;
    }

    public static Decision Return(CommandContext context, ReturnRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ReasonMaxLength)
        {
            return Decision.Field("reason", $"请说明退回理由 (a reason of 1 to {ReasonMaxLength} characters is required).");
        }

        var street = context.Case.Place.Street;
        var desk = new Assignment(AssignmentLevels.TriageDesk, street, $"{street} 分拨台", []);
        return Decision.Of(new CaseReturned(context.Case.Id, context.Case.Assignment!.UnitCode, request.Reason.Trim(), desk, context.Now));
    }
}
