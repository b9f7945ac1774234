using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.NegativeList;

/// <summary>
/// <c>GET /api/catalogue/negative-list</c>: the matters that may never be pushed down onto a community.
/// </summary>
public static class GetNegativeList
{
    public static IEndpointRouteBuilder MapGetNegativeList(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/catalogue/negative-list", (ReferenceData data) => TypedResults.Ok(data.NegativeList))
            .WithName("GetNegativeList")
            .WithTags("Catalogue")
            .WithSummary("The community negative list (禁止进入社区事项), with the basis of each matter.")
            .AllowAnonymous();
        return endpoints;
    }
}
