using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>延期申请 (request an extension): the unit working on the case asks for a later resolution deadline.</summary>
public static class RequestExtension
{
    public static readonly TimeSpan MaxExtension = TimeSpan.FromDays(90);

    /// <param name="ResolveBy">The new resolution deadline asked for.</param>
    /// <param name="Reason">Why more time is needed (required).</param>
    public sealed record Request(DateTimeOffset? ResolveBy, string? Reason);

    public static Decision Decide(CommandContext context, Request request)
    {
        if (request.ResolveBy is not { } resolveBy
            || resolveBy <= context.Now
            || resolveBy > context.Now + MaxExtension)
        {
            return Decision.Field(
                "resolveBy",
                $"须为将来的时间，最多 {MaxExtension.TotalDays} 天后 "
                + $"(a time in the future, at most {MaxExtension.TotalDays} days ahead).");
        }

        return RequiredText.Check(request.Reason, "reason", out var reason)
            ?? Decision.Of(new ExtensionRequested(context.Case.Id, resolveBy.ToUniversalTime(), reason, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.RequestExtension,
        "Ask for more time (延期申请): a new resolution deadline, with the reason.",
        Decide);
}
