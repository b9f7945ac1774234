using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.Catalogue;

/// <summary>
/// <c>PUT /api/catalogue</c>: an administrator publishes a new catalogue version. It passes the same
/// validation as the shipped file, and the routing rules must still hold against it; then it is
/// stored and routes every case from now on. Cases already routed keep their version. Admins only.
/// </summary>
public static class PublishCatalogue
{
    public static IEndpointRouteBuilder MapPublishCatalogue(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/api/catalogue", Handle)
            .WithName("PublishCatalogue")
            .WithTags("Catalogue")
            .WithSummary("Publish a new catalogue version (the whole catalogue, with a new version string).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .WithBodyLimit(1024 * 1024) // the shipped catalogue is 24 KB; a JSON request's limit would soon pinch
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Results<Created<Catalogue>, ValidationProblem, ProblemHttpResult>> Handle(
        Catalogue catalogue, ReferenceData data, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await data.PublishAsync(catalogue, Actor.From(context.User).ToString(), cancellationToken);
        return result switch
        {
            PublishResult.Published => TypedResults.Created($"/api/catalogue/versions/{catalogue.Version}", catalogue),
            PublishResult.Invalid invalid => ProblemResponses.Invalid(invalid.Errors),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "That catalogue version exists.",
                detail: $"Version '{catalogue.Version}' was published before; published versions never change. "
                    + $"Use a new version string."),
        };
    }
}
