using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 结案 (close): after the resident's feedback. (The SLA service closes a case itself when the feedback
/// window lapses.)
/// </summary>
public static class Close
{
    /// <summary>Closing needs no body: send <c>{}</c>.</summary>
    public sealed record Request;

    public static Decision Decide(CommandContext context, Request request) =>
        Decision.Of(new CaseClosed(context.Case.Id, "feedback", context.Case.Satisfied, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Close,
        "Close the case (结案) after the resident's feedback.",
        Decide);
}
