using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Commands;

/// <summary>部门报到 (report): a department summoned by a whistle says it is there.</summary>
public static class Report
{
    /// <summary>Reporting needs no body: send <c>{}</c>.</summary>
    public sealed record Request;

    public static Decision Decide(CommandContext context, Request request) =>
        Decision.Of(new WhistleAnswered(context.Case.Id, context.Actor.Unit, context.Now));

    /// <summary>A liaison of a department the case has summoned.</summary>
    public static bool IsSummoned(Case state, Actor actor) =>
        actor.Role == Roles.Liaison && state.SummonedDepartments.Contains(actor.Unit);

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Report,
        "Report to a whistle (部门报到): a summoned department's liaison.",
        IsSummoned,
        Decide);
}
