using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Intake.Calls.ReadingCalls;

/// <summary><c>GET /api/calls/{id}</c>: a logged call as intake recorded it, the resident's contact masked.</summary>
public static class GetCall
{
    public sealed record CallView(
        Guid Id,
        string TrackingNumber,
        string ItemCode,
        string GridCode,
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
            .WithSummary("A logged call; the resident's contact is masked.");
        return endpoints;
    }

    private static async Task<Results<Ok<CallView>, ProblemHttpResult>> Handle(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var call = await session.Events.AggregateStreamAsync<Call>(id, token: cancellationToken);
        if (call is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such call.", detail: $"No call has the id {id}.");
        }

        var contact = call.HasResidentContact ? await session.LoadAsync<ResidentContact>(id, cancellationToken) : null;
        return TypedResults.Ok(new CallView(
            call.Id,
            call.TrackingNumber,
            call.ItemCode,
            call.GridCode,
            call.Description,
            call.Channel,
            call.ReportedAt,
            call.LoggedAt,
            call.LoggedBy,
            contact?.Masked(),
            $"/api/cases/{call.Id}"));
    }
}
