namespace CallResponse.Cases.Lifecycle;

/// <summary>Extensions (延期): the unit asks for more time, a supervisor approves or denies.</summary>
public static class Extending
{
    public static readonly TimeSpan MaxExtension = TimeSpan.FromDays(90);

    /// <param name="ResolveBy">The new resolution deadline asked for.</param>
    /// <param name="Reason">Why more time is needed (required).</param>
    public sealed record ExtensionRequest(DateTimeOffset? ResolveBy, string? Reason);

    /// <param name="Note">The supervisor's note, optional.</param>
    public sealed record ApproveRequest(string? Note = null);

    /// <param name="Reason">Why not (required).</param>
    public sealed record DenyRequest(string? Reason);

    public static IEndpointRouteBuilder MapExtending(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<ExtensionRequest>(
            CaseCommandNames.RequestExtension,
            "Ask for more time (延期申请): a new resolution deadline, with the reason.",
            CaseAccess.IsResponsibleUnit,
            (context, request) => Task.FromResult(Request(context, request)));

        endpoints.MapCaseCommand<ApproveRequest>(
            CaseCommandNames.ApproveExtension,
            "Approve the requested extension (supervisor): the resolution deadline moves.",
            CaseAccess.IsSupervising,
            (context, request) => Task.FromResult(Decision.Of(new ExtensionApproved(context.Case.Id, context.Case.RequestedResolveBy!.Value, request.Note?.Trim(), context.Now))));

        endpoints.MapCaseCommand<DenyRequest>(
            CaseCommandNames.DenyExtension,
            "Deny the requested extension (supervisor), with the reason.",
            CaseAccess.IsSupervising,
            (context, request) => Task.FromResult(Working.Text(request.Reason, "reason", out var reason) ?? Decision.Of(new ExtensionDenied(context.Case.Id, reason, context.Now))));

        return endpoints;
    }

    public static Decision Request(CommandContext context, ExtensionRequest request)
    {
        if (request.ResolveBy is not { } resolveBy || resolveBy <= context.Now || resolveBy > context.Now + MaxExtension)
        {
            return Decision.Field("resolveBy", $"须为将来的时间，最多 {MaxExtension.TotalDays} 天后 (a time in the future, at most {MaxExtension.TotalDays} days ahead).");
        }

        if (context.Case.RequestedResolveBy is not null)
        {
            return new Decision.Refuse(StatusCodes.Status409Conflict, "An extension request is pending.", "Wait for the supervisor's answer before asking again.");
        }

        return Working.Text(request.Reason, "reason", out var reason)
            ?? Decision.Of(new ExtensionRequested(context.Case.Id, resolveBy.ToUniversalTime(), reason, context.Now));
    }
}
