using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Intake.Calls.ReadingCalls;

/// <summary>
/// <c>GET /api/calls/{id}</c>: a logged call as intake recorded it, the resident's contact masked.
/// Those over the call's place see it: the grid worker, dispatchers, supervisors.
/// </summary>
public static class GetCall
{
    public sealed record CallView(
        Guid Id,
        string TrackingNumber,
        string ItemCode,
        Place Place,
        string Description,
        string Channel,
        DateTimeOffset ReportedAt,
        DateTimeOffset LoggedAt,
        string LoggedBy,
        ResidentContactView? Resident,
        string CaseUrl);

    public static IEndpointRouteBuilder MapGetCall(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/calls/{id:guid}", Handle)
            .WithName("GetCall")
            .WithTags("Calls")
            .WithSummary("A logged call; the resident's contact is masked (张*, *******5678).")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<CallView>, ProblemHttpResult>> Handle(
        Guid id,
        IQuerySession session,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var call = await VisibleCallAsync(id, session, Actor.From(context.User), cancellationToken);
        if (call is null)
        {
            return NotFound(id);
        }

        var contact = call.HasResidentContact ? await session.LoadAsync<ResidentContact>(id, cancellationToken) : null;
        var registered = call.Registered;
        return TypedResults.Ok(new CallView(
            call.Id,
            registered.TrackingNumber,
            registered.ItemCode,
            call.Place,
            registered.Description,
            registered.Channel,
            registered.ReportedAt,
            registered.LoggedAt,
            registered.LoggedBy,
            contact?.Masked(),
            $"/api/cases/{call.Id}"));
    }

    /// <summary>The call, if it exists and the actor is over its place; else null (answered as 404).</summary>
    internal static async Task<Call?> VisibleCallAsync(
        Guid id,
        IQuerySession session,
        Actor actor,
        CancellationToken cancellationToken)
    {
        var call = await session.Events.AggregateStreamAsync<Call>(id, token: cancellationToken);
        return call is not null && call.Place.IsCoveredBy(actor) ? call : null;
    }

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such call.",
            detail: $"No call you may see has the id {id}.");
}
