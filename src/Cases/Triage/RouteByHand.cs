using System.Net;
using System.Net.Http.Json;
using CallResponse.Cases.Reading;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CallResponse.Cases.Triage;

/// <summary>
/// <c>POST /api/cases/{id}/route</c>: a dispatcher routes a case waiting at a triage desk by hand
/// (人工派单). Routing checks the choice against the catalogue, the area tree and the community
/// negative list; the decision is recorded like an automatic one, with the dispatcher's reason.
/// Requires <c>If-Match</c> with the case's ETag.
/// </summary>
public static class RouteByHand
{
    public const string RoutingClient = "routing";

    /// <param name="Level">grid, community or street (those of the case's grid), or department.</param>
    /// <param name="Department">The department's code, with level department.</param>
    /// <param name="Assisting">Assisting departments, if any.</param>
    /// <param name="Reason">Why (required): it stands in the case's history.</param>
    public sealed record RouteByHandRequest(string? Level, string? Department = null, IReadOnlyList<string>? Assisting = null, string? Reason = null);

    private sealed record ManualDecision(Assignment Assignment, string RuleId, string CatalogueVersion, string Reason);

    public static IEndpointRouteBuilder MapRouteByHand(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/cases/{id:guid}/route", Handle)
            .WithName("RouteByHand")
            .WithTags("Triage")
            .WithSummary("Route a case from a triage desk by hand (人工派单). Requires If-Match.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return endpoints;
    }

    private static async Task<Results<Ok<GetCase.CaseView>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id,
        RouteByHandRequest request,
        HttpContext context,
        IDocumentSession session,
        IHttpClientFactory clients,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (expected, badPrecondition) = ETags.ExpectedVersion(context.Request);
        if (badPrecondition is not null)
        {
            return badPrecondition;
        }

        var stream = await session.Events.FetchForWriting<Case>(id, cancellationToken);
        if (stream.Aggregate is not { } current)
        {
            return CaseProblems.NotFound(id);
        }

        if (stream.CurrentVersion != expected)
        {
            return ETags.Stale(expected!.Value, stream.CurrentVersion ?? 0);
        }

        if (current is not { Status: CaseStatus.Routed, Assignment.Level: AssignmentLevels.TriageDesk })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Only a case waiting at a triage desk is routed by hand.",
                detail: $"The case is {CaseStatusNames.Of(current.Status)}{(current.Assignment is { } assignment ? $", assigned to {assignment.Level} {assignment.UnitCode}" : string.Empty)}.");
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(RoutingClient).PostAsJsonAsync(
                "/api/routing/manual-decisions",
                new { current.ItemCode, current.GridCode, request.Level, request.Department, request.Assisting, request.Reason },
                cancellationToken);
        }
        catch (HttpRequestException)
        {
            return RoutingUnavailable();
        }

        using var answer = response;
        if (!answer.IsSuccessStatusCode)
        {
            return await Refusal(answer, cancellationToken);
        }

        var decision = (await answer.Content.ReadFromJsonAsync<ManualDecision>(cancellationToken))!;
        session.LastModifiedBy = "dispatcher";
        stream.AppendOne(new CaseRouted(
            id, current.TrackingNumber, current.ItemCode, current.GridCode, Guid.CreateVersion7(),
            decision.Assignment, decision.RuleId, decision.CatalogueVersion, decision.Reason, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return ETags.Stale(expected!.Value, expected.Value + 1);
        }

        var routed = (await session.LoadAsync<Case>(id, cancellationToken))!;
        context.Response.Headers.ETag = ETags.Of(routed.Version);
        return TypedResults.Ok(GetCase.ToView(routed));
    }

    /// <summary>Routing's refusal, passed on: field errors as field errors, the negative list as 422.</summary>
    private static async Task<Results<Ok<GetCase.CaseView>, ValidationProblem, ProblemHttpResult>> Refusal(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.BadRequest
            && await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken) is { } invalid)
        {
            return ProblemResponses.Invalid(invalid.Errors);
        }

        if (response.StatusCode == HttpStatusCode.UnprocessableEntity
            && await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken) is { } refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: refused.Title, detail: refused.Detail);
        }

        return RoutingUnavailable();
    }

    private static ProblemHttpResult RoutingUnavailable() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Routing cannot check the choice now.",
        detail: "Nothing was changed; try again shortly.");
}
