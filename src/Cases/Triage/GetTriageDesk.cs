using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Reading;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Triage;

/// <summary>
/// <c>GET /api/triage-desks/{code}/cases</c>: a street's (or the district's) triage desk (分拨台) —
/// the cases no rule could place, oldest first, for a dispatcher to route by hand.
/// </summary>
public static class GetTriageDesk
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record TriageDeskView(string Desk, IReadOnlyList<GetCase.CaseView> Cases);

    public static IEndpointRouteBuilder MapGetTriageDesk(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/triage-desks/{code}/cases", Handle)
            .WithName("GetTriageDesk")
            .WithTags("Triage")
            .WithSummary("Cases waiting at a street's or the district's triage desk, oldest first (limit: 1-200, "
                + "default 50). Street dispatchers of that street, supervisors.")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<TriageDeskView>, ProblemHttpResult>> Handle(
        string code,
        IQuerySession session,
        HttpContext context,
        CancellationToken cancellationToken,
        int limit = DefaultLimit)
    {
        var actor = Actor.From(context.User);
        if (!CaseAccess.MayWorkTriageDesk(actor, code))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "This is not your triage desk.",
                detail: $"A {actor.Role} of {actor.Unit} may not see the desk of {code}.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "limit is out of range.",
                detail: $"limit must be between 1 and {MaxLimit}.");
        }

        var waiting = await session.Query<Case>()
            .Where(found => found.Status == CaseStatus.Routed
                && found.Assignment!.Level == AssignmentLevels.TriageDesk
                && found.Assignment.UnitCode == code)
            .OrderBy(found => found.LoggedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new TriageDeskView(
            code,
            waiting.Select(found => GetCase.ToView(found, actor)).ToList()));
    }
}
