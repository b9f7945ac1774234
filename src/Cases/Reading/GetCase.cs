using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary><c>GET /api/cases/{id}</c>: the case's current state; its ETag is the stream version.</summary>
public static class GetCase
{
    /// <summary>A case as clients see it. No personal data: the resident's contact stays with intake.</summary>
    public sealed record CaseView(
        Guid Id,
        string TrackingNumber,
        string Status,
        string ItemCode,
        string? CategoryCode,
        string? Urgency,
        Place Place,
        string Description,
        string Channel,
        DateTimeOffset ReportedAt,
        DateTimeOffset LoggedAt,
        Assignment? Assignment,
        IReadOnlyList<string> AssistingDepartments,
        IReadOnlyList<string> SummonedDepartments,
        DateTimeOffset? ReportBy,
        string? CatalogueVersion,
        string? RuleId,
        DateTimeOffset? RoutedAt,
        DateTimeOffset? ClaimedAt,
        DateTimeOffset? ResolvedAt,
        DateTimeOffset? ClosedAt,
        bool? Satisfied,
        int ReturnCount,
        int ReopenCount,
        int EscalationCount,
        DateTimeOffset? RequestedResolveBy,
        DateTimeOffset? ExtendedResolveBy,
        Guid? MergedInto,
        IReadOnlyList<Guid> Duplicates,
        int BreachCount,
        long Version);

    public static IEndpointRouteBuilder MapGetCase(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}", Handle)
            .WithName("GetCase")
            .WithTags("Cases")
            .WithSummary("A case's current state. The ETag header is the case's version, for If-Match on commands.")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var found = await session.LoadAsync<Case>(id, cancellationToken);
        if (found is null || !CaseAccess.CanSee(found, Actor.From(context.User)))
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
        found.CategoryCode,
        found.Urgency,
        found.Place,
        found.Description,
        found.Channel,
        found.ReportedAt,
        found.LoggedAt,
        found.Assignment,
        found.AssistingDepartments,
        found.SummonedDepartments,
        found.ReportBy,
        found.CatalogueVersion,
        found.RuleId,
        found.RoutedAt,
        found.ClaimedAt,
        found.ResolvedAt,
        found.ClosedAt,
        found.Satisfied,
        found.ReturnCount,
        found.ReopenCount,
        found.EscalationCount,
        found.RequestedResolveBy,
        found.ExtendedResolveBy,
        found.MergedInto,
        found.Duplicates,
        found.BreachCount,
        found.Version);
}
