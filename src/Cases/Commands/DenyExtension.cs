using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>驳回延期 (deny an extension): a supervisor refuses the time asked for, saying why.</summary>
public static class DenyExtension
{
    /// <param name="Reason">Why not (required).</param>
    public sealed record Request(string? Reason);

    public static Decision Decide(CommandContext context, Request request) =>
        RequiredText.Check(request.Reason, "reason", out var reason)
        ?? Decision.Of(new ExtensionDenied(context.Case.Id, reason, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.DenyExtension,
        "Deny the requested extension (supervisor), with the reason.",
        Decide);
}
