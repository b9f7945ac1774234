using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 催办 (urge): a supervisor presses the unit that holds the case to get on with it, saying what is expected;
/// the case stays where it is. Usually on a supervision order (督办单), but not only.
/// </summary>
public static class Urge
{
    /// <param name="Note">What the unit is pressed to do, and by when.</param>
    public sealed record Request(string? Note);

    public static Decision Decide(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note)
        ?? Decision.Of(new CaseUrged(context.Case.Id, context.Case.Assignment!.UnitCode, note, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Urge,
        "Urge the unit that holds the case (催办, supervisors): recorded and counted; the case stays with the unit.",
        Decide);
}
