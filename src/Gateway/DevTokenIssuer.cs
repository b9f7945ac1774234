using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Gateway;

/// <summary>
/// <c>POST /api/dev/tokens</c>, mapped only when the environment is Development and <c>Auth:DevelopmentKeyFile</c>
/// is set: a token for any role and unit, so people and tests can try the API locally. Never reachable in
/// Production, and no service outside Development trusts what it signs.
/// </summary>
public static class DevTokenIssuer
{
    /// <param name="Role">grid-worker, community-dispatcher, street-dispatcher, liaison, supervisor or admin.</param>
    /// <param name="Unit">
    /// The unit the role is bound to: a grid, community or street code, a department code, or the district's code.
    /// </param>
    /// <param name="UserId">Optional; a name for the person (default: role@unit).</param>
    public sealed record TokenRequest(string? Role, string? Unit, string? UserId = null);

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static IEndpointRouteBuilder MapDevTokenIssuer(this IEndpointRouteBuilder endpoints, DevelopmentKey key)
    {
        // The workbench asks whether to offer its role picker.
        endpoints.MapGet("/api/dev/tokens", () => TypedResults.NoContent());
        endpoints.MapPost("/api/dev/tokens", (TokenRequest request) =>
        {
            var errors = new Dictionary<string, string[]>();
            ProblemResponses.RequireOneOf(errors, "role", request.Role, Roles.All);

            if (string.IsNullOrWhiteSpace(request.Unit))
            {
                errors["unit"] = ["The unit the role is bound to, e.g. LW-HL-01-G01, SW or LW."];
            }

            if (errors.Count > 0)
            {
                return (Results<Ok<TokenResponse>, ValidationProblem>)ProblemResponses.Invalid(errors);
            }

            var userId = string.IsNullOrWhiteSpace(request.UserId) ? $"{request.Role}@{request.Unit}" : request.UserId;
            return TypedResults.Ok(new TokenResponse(
                DevTokens.Create(key, request.Role!, request.Unit!, userId, Lifetime),
                DateTimeOffset.UtcNow.Add(Lifetime)));
        });
        return endpoints;
    }
}
