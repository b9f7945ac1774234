using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>批准延期 (approve an extension): a supervisor moves the resolution deadline to the time asked for.</summary>
public static class ApproveExtension
{
    /// <param name="Note">The supervisor's note, optional.</param>
    public sealed record Request(string? Note = null);

    public static Decision Decide(CommandContext context, Request request) =>
        Decision.Of(new ExtensionApproved(
            context.Case.Id, context.Case.RequestedResolveBy!.Value, request.Note?.Trim(), context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.ApproveExtension,
        "Approve the requested extension (supervisor): the resolution deadline moves.",
        Decide);
}
