using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.Catalogue;

/// <summary>Reading the response catalogue: the current version, any earlier one, and the list of versions.</summary>
public static class GetCatalogue
{
    /// <summary>One published version, without its content.</summary>
    public sealed record VersionSummary(
        string Version,
        DateTimeOffset PublishedAt,
        string PublishedBy,
        int Categories,
        int Items,
        bool Current);

    public static IEndpointRouteBuilder MapGetCatalogue(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/catalogue", Current)
            .WithName("GetCatalogue")
            .WithTags("Catalogue")
            .WithSummary("The current response catalogue (呼应启动事项): categories, items and departments. ETag = version.")
            .AllowAnonymous(); // reference data, public in a district, read by the other services without a token
        endpoints.MapGet("/api/catalogue/versions", Versions)
            .WithName("ListCatalogueVersions")
            .WithTags("Catalogue")
            .WithSummary("Every published catalogue version, newest first.")
            .AllowAnonymous();
        endpoints.MapGet("/api/catalogue/versions/{version}", OneVersion)
            .WithName("GetCatalogueVersion")
            .WithTags("Catalogue")
            .WithSummary("One catalogue version, e.g. the one a case was routed under.")
            .AllowAnonymous();
        return endpoints;
    }

    private static Results<Ok<Catalogue>, StatusCodeHttpResult> Current(HttpContext context, ReferenceData data)
    {
        var catalogue = data.Current.Catalogue;
        return Caching.NotModified(context, catalogue.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(catalogue);
    }

    private static async Task<Ok<List<VersionSummary>>> Versions(
        IQuerySession session,
        ReferenceData data,
        CancellationToken cancellationToken)
    {
        var versions = await session.Query<PublishedCatalogue>()
            .OrderByDescending(version => version.PublishedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions
            .Select(version => new VersionSummary(
                version.Id,
                version.PublishedAt,
                version.PublishedBy,
                version.Catalogue.Categories.Count,
                version.Catalogue.Categories.Sum(category => category.Items.Count),
                version.Id == data.Current.Catalogue.Version))
            .ToList());
    }

    private static async Task<Results<Ok<Catalogue>, StatusCodeHttpResult, ProblemHttpResult>> OneVersion(
        string version, HttpContext context, IQuerySession session, CancellationToken cancellationToken)
    {
        var found = await session.LoadAsync<PublishedCatalogue>(version, cancellationToken);
        if (found is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such catalogue version.",
                detail: $"No catalogue version '{version}' was published.");
        }

        return Caching.NotModified(context, found.Id)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(found.Catalogue);
    }
}
