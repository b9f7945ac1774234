using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 驳回 (reject a return): the triage desk finds the return unfounded and gives the case back to the unit that
/// returned it. The unit's clocks ran all along: its response deadline and return window still count from its
/// first dispatch. Accepting a return is routing the case anew (<see cref="Route"/>).
/// </summary>
public static class RejectReturn
{
    /// <param name="Note">Why the case is the unit's after all (required; the unit reads it).</param>
    public sealed record Request(string? Note);

    public static Decision Decide(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note) ?? Decision.Of(
            new ReturnRejected(context.Case.Id, context.Case.PendingReturn!.From, note, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.RejectReturn,
        "Reject a return (驳回): the case goes back to the unit that returned it, on the clocks that ran all along. "
        + "The street's dispatchers and supervisors, at the triage desk.",
        Decide);
}
