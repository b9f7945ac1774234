using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>办理进展 (progress): the unit working on the case notes what it did or found.</summary>
public static class Progress
{
    /// <param name="Note">What was done or found.</param>
    public sealed record Request(string? Note);

    public static Decision Decide(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note)
        ?? Decision.Of(new ProgressNoted(context.Case.Id, note, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Progress,
        "Note progress on the case (办理进展).",
        Decide);
}
