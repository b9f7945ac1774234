using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>部门报到 (report): a department summoned by a whistle says it is there.</summary>
public static class Report
{
    /// <summary>Reporting needs no body: send <c>{}</c>.</summary>
    public sealed record Request;

    public static Decision Decide(CommandContext context, Request request) =>
        Decision.Of(new WhistleAnswered(context.Case.Id, context.Actor.Unit, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Report,
        "Report to a whistle (部门报到): a summoned department's liaison.",
        Decide);
}
