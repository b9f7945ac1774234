using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>认领 (claim): the unit the case is assigned to takes it on; its response clock stops.</summary>
public static class Claim
{
    /// <summary>Claiming needs no body: send <c>{}</c>.</summary>
    public sealed record Request;

    public static Decision Decide(CommandContext context, Request request) =>
        Decision.Of(new CaseClaimed(context.Case.Id, context.Case.Assignment!.UnitCode, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Claim,
        "Claim the case (认领): the assigned unit takes it on; the response clock stops.",
        Decide);
}
