using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>GET /api/overdue</c>: the overdue board (超时督办榜) — open cases past a deadline (breached) or near
/// one (warned), worst first: breached before warned, then the longest waiting.
/// </summary>
public static class OverdueBoard
{
    public const int MaxLimit = 200;

    public sealed record Board(int Breached, int Warned, IReadOnlyList<GetCase.CaseView> Cases);

    public static IEndpointRouteBuilder MapOverdueBoard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/overdue", HandleAsync)
            .WithName("GetOverdueBoard")
            .WithTags("Oversight")
            .WithSummary("Open cases past or near a deadline, worst first (limit 1-200, default 50).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Board>, ValidationProblem>> HandleAsync(HttpContext context, IQuerySession session, CancellationToken cancellationToken, int limit = 50)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return ProblemResponses.Invalid(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxLimit}."] });
        }

        var street = GetMeasures.StreetScope(Actor.From(context.User));
        var breached = await OnBoard(session, 1, street).Take(limit).ToListAsync(cancellationToken);
        var warned = await OnBoard(session, 2, street).Take(limit - breached.Count).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Board(breached.Count, warned.Count, breached.Concat(warned).Select(GetCase.ToView).ToList()));
    }

    /// <summary>Open cases of one <see cref="Case.OverdueRank"/>, the longest waiting first.</summary>
    private static IQueryable<Case> OnBoard(IQuerySession session, int rank, string? street)
    {
        var ranked = session.Query<Case>().Where(found => found.OverdueRank == rank);
        return (street is null ? ranked : ranked.Where(found => found.Place.Street == street)).OrderBy(found => found.LoggedAt);
    }
}
