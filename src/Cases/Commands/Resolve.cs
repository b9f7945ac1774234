using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>办结 (resolve): the unit says what was done; the resident's feedback follows.</summary>
public static class Resolve
{
    /// <param name="Summary">What was done to resolve it (required).</param>
    public sealed record Request(string? Summary);

    public static Decision Decide(CommandContext context, Request request) =>
        RequiredText.Check(request.Summary, "summary", out var summary)
        ?? Decision.Of(new CaseResolved(context.Case.Id, context.Case.Assignment!.UnitCode, summary, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Resolve,
        "Resolve the case (办结), saying what was done; the resident's feedback follows.",
        Decide);
}
