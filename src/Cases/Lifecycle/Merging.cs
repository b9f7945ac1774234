using Marten;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// Merging a duplicate into the case that survives (合并): the duplicate stops, its history points to
/// the survivor, and the survivor lists it. Both streams change in one transaction.
/// </summary>
public static class Merging
{
    /// <param name="Into">The case that survives.</param>
    /// <param name="Reason">Why they are the same matter (required).</param>
    public sealed record MergeRequest(Guid? Into, string? Reason);

    public static IEndpointRouteBuilder MapMerging(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<MergeRequest>(
            CaseCommandNames.Merge,
            "Merge this case into a duplicate that survives (合并). Dispatchers and supervisors over both.",
            CaseAccess.IsDispatching,
            MergeAsync);
        return endpoints;
    }

    private static async Task<Decision> MergeAsync(CommandContext context, MergeRequest request)
    {
        if (request.Into is not { } into || into == context.Case.Id)
        {
            return Decision.Field("into", "请填写保留的另一件案件的编号 (the id of another case, the one that survives).");
        }

        var session = context.Http.RequestServices.GetRequiredService<IQuerySession>();
        var survivor = await session.LoadAsync<Case>(into, context.Http.RequestAborted);
        if (survivor is null || !CaseAccess.CanSee(survivor, context.Actor) || !CaseAccess.IsDispatching(survivor, context.Actor))
        {
            return Decision.Field("into", $"没有您可调度的案件 {into} (no case {into} that you dispatch).");
        }

        if (survivor.Status is CaseStatus.Closed or CaseStatus.Merged)
        {
            return Decision.Field("into", $"案件 {into} 已是 {CaseStatusNames.Of(survivor.Status)}，只能并入未结案件 (case {into} is {CaseStatusNames.Of(survivor.Status)}: merge into an open case).");
        }

        return Working.Text(request.Reason, "reason", out var reason) ?? new Decision.Accept(
            [new CaseMerged(context.Case.Id, into, reason, context.Now)],
            [(into, survivor.Version + 1, new DuplicateMerged(into, context.Case.Id, context.Now))]);
    }
}
