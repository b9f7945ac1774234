using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.Areas;

/// <summary><c>GET /api/areas</c>: the area tree, district down to buildings.</summary>
public static class GetAreas
{

    public static IEndpointRouteBuilder MapGetAreas(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/areas", HandleTree)
            .WithName("GetAreas")
            .WithTags("Areas")
            .WithSummary("The whole area tree: district → streets (街道) → communities (社区) → grids (网格) "
                + "→ buildings (楼宇).")
            .AllowAnonymous(); // reference data, public in a district, read by the other services without a token
        endpoints.MapGet("/api/areas/{code}", HandleOne)
            .WithName("GetArea")
            .WithTags("Areas")
            .WithSummary("One area and everything below it.")
            .AllowAnonymous();
        return endpoints;
    }

    private static Results<Ok<Area>, StatusCodeHttpResult> HandleTree(HttpContext context, ReferenceData data) =>
        Caching.NotModified(context, data.AreasVersion)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(data.Areas.Root);

    private static Results<Ok<Area>, ProblemHttpResult> HandleOne(string code, ReferenceData data) =>
        data.Areas.Find(code) is { } area
            ? TypedResults.Ok(area)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such area.",
                detail: $"No area has the code '{code}'.");
}
