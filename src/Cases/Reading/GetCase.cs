using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary><c>GET /api/cases/{id}</c>: the case's current state; its ETag is the stream version.</summary>
public static class GetCase
{
    /// <summary>A case as clients see it.</summary>
    public sealed record CaseView(
        Guid Id,
        string TrackingNumber,
        string Status,
        string ItemCode,
        string GridCode,
        string Description,
        string Channel,
        DateTimeOffset ReportedAt,
        DateTimeOffset LoggedAt,
        Assignment? Assignment,
        string? CatalogueVersion,
        string? RuleId,
        DateTimeOffset? RoutedAt,
        long Version);

    public static IEndpointRouteBuilder MapGetCase(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}", Handle)
            .WithName("GetCase")
            .WithTags("Cases")
            .WithSummary("A case's current state. The ETag header is the case's version, for If-Match on commands.");
        return endpoints;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await session.LoadAsync<Case>(id, cancellationToken);
        if (found is null)
        {
            return CaseProblems.NotFound(id);
        }

        context.Response.Headers.ETag = ETags.Of(found.Version);
        return TypedResults.Ok(ToView(found));
    }

    public static CaseView ToView(Case found) => new(
        found.Id,
        found.TrackingNumber,
        CaseStatusNames.Of(found.Status),
        found.ItemCode,
        found.GridCode,
        found.Description,
        found.Channel,
        found.ReportedAt,
        found.LoggedAt,
        found.Assignment,
        found.CatalogueVersion,
        found.RuleId,
        found.RoutedAt,
        found.Version);
}
