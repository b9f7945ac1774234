using CallResponse.Cases.Lifecycle;
using Marten;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 合并 (merge): a duplicate stops and its history points to the case that survives, which lists it. Both
/// streams change in one transaction.
/// </summary>
public static class Merge
{
    /// <param name="Into">The case that survives.</param>
    /// <param name="Reason">Why they are the same matter (required).</param>
    public sealed record Request(Guid? Into, string? Reason);

    /// <param name="survivor">The case named by <see cref="Request.Into"/>, if there is one.</param>
    public static Decision Decide(CommandContext context, Request request, Case? survivor)
    {
        if (request.Into is not { } into || into == context.Case.Id)
        {
            return Decision.Field("into", "请填写保留的另一件案件的编号 (the id of another case, the one that survives).");
        }

        if (survivor is null
            || !CaseAccess.CanSee(survivor, context.Actor)
            || !CaseAccess.IsDispatching(survivor, context.Actor))
        {
            return Decision.Field("into", $"没有您可调度的案件 {into} (no case {into} that you dispatch).");
        }

        if (survivor.Status is CaseStatus.Closed or CaseStatus.Merged)
        {
            var status = CaseStatusNames.Of(survivor.Status);
            return Decision.Field(
                "into", $"案件 {into} 已是 {status}，只能并入未结案件 (case {into} is {status}: merge into an open case).");
        }

        return RequiredText.Check(request.Reason, "reason", out var reason) ?? new Decision.Accept(
            [new CaseMerged(context.Case.Id, into, reason, context.Now)],
            [(into, survivor.Version + 1, new DuplicateMerged(into, context.Case.Id, context.Now))]);
    }

    private static async Task<Case?> FetchSurvivorAsync(CommandContext context, Request request, HttpContext http) =>
        request.Into is { } into && into != context.Case.Id
            ? await http.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<Case>(into, http.RequestAborted)
            : null;

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request, Case?>(
        CaseCommandNames.Merge,
        "Merge this case into a duplicate that survives (合并). Dispatchers and supervisors over both.",
        FetchSurvivorAsync,
        Decide);
}
