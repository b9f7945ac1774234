using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using CallResponse.ServiceDefaults;

namespace CallResponse.Sla.CaseSla;

/// <summary>
/// <c>GET /api/cases/{id}/deadlines</c>: a case's deadlines, past and pending, in UTC and China Standard Time.
/// </summary>
public static class GetDeadlines
{
    /// <param name="Kind">response, resolution, feedback, or whistle:{department}.</param>
    /// <param name="State">pending, warned, met, breached, cancelled, extended or paused (挂起).</param>
    /// <param name="DueAtLocal">The due time in China Standard Time, as people read it.</param>
    public sealed record DeadlineView(
        Guid Id,
        string Kind,
        string Unit,
        string Clock,
        DateTimeOffset StartedAt,
        DateTimeOffset WarnAt,
        DateTimeOffset DueAt,
        DateTimeOffset DueAtLocal,
        string State,
        DateTimeOffset? SettledAt);

    public sealed record CaseDeadlines(
        Guid CaseId,
        string Stage,
        string ItemCode,
        string CatalogueVersion,
        IReadOnlyList<DeadlineView> Deadlines);

    public static IEndpointRouteBuilder MapGetDeadlines(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}/deadlines", Handle)
            .WithName("GetCaseDeadlines")
            .WithTags("SLA")
            .WithSummary("The case's deadlines: kind, unit, due time, clock and state "
                + "(pending, warned, met, breached, cancelled, extended).")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<CaseDeadlines>, ProblemHttpResult>> Handle(
        Guid id,
        IQuerySession session,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var state = await session.LoadAsync<CaseSlaState>(id, cancellationToken);
        var actor = Actor.From(context.User);
        if (state is null || !CanSee(state, actor))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No deadlines for that case.",
                detail: $"No case you may see, routed, has the id {id}.");
        }

        return TypedResults.Ok(new CaseDeadlines(
            state.CorrelationId,
            state.CurrentState,
            state.ItemCode,
            state.CatalogueVersion,
            state.Deadlines.OrderBy(deadline => deadline.StartedAt).Select(deadline => new DeadlineView(
                deadline.Id,
                deadline.Kind,
                deadline.UnitCode,
                deadline.Clock,
                deadline.StartedAt,
                deadline.WarnAt,
                deadline.DueAt,
                deadline.DueAt.ToOffset(ChinaTime.Offset),
                deadline.State,
                deadline.SettledAt)).ToList()));
    }

    /// <summary>
    /// The cases service's rule, from what this service knows: the place, and the units that hold deadlines.
    /// </summary>
    private static bool CanSee(CaseSlaState state, Actor actor) => actor.Role == Roles.Liaison
        ? state.UnitCode == actor.Unit || state.Deadlines.Any(deadline => deadline.UnitCode == actor.Unit)
        : new Place(state.Grid, state.Community, state.Street, state.District).IsCoveredBy(actor);
}
