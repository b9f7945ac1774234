using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.Catalogue;

/// <summary><c>GET /api/catalogue</c>: the current catalogue, so clients can find what to send.</summary>
public static class GetCatalogue
{
    public static IEndpointRouteBuilder MapGetCatalogue(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/catalogue", Handle)
            .WithName("GetCatalogue")
            .WithTags("Catalogue")
            .WithSummary("The response catalogue (呼应启动事项): categories, items and departments.");
        return endpoints;
    }

    private static Results<Ok<Catalogue>, StatusCodeHttpResult> Handle(HttpContext context, ReferenceData data) =>
        Caching.NotModified(context, data.Catalogue.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(data.Catalogue);
}
