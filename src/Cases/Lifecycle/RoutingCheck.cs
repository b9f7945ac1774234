using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallResponse.Contracts.Routing;
using Microsoft.AspNetCore.Mvc;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// Asks routing to check a choice of unit made by a person (routing by hand, reassignment,
/// escalation) against the catalogue, the area tree and the community negative list, and to name
/// the unit. Routing stores nothing; the caller's token goes along, so routing checks the role too.
/// </summary>
public static class RoutingCheck
{
    public const string Client = "routing";

    /// <summary>A checked choice, ready to record.</summary>
    public sealed record CheckedDecision(Assignment Assignment, string RuleId, string CatalogueVersion, string Reason);

    public static async Task<(CheckedDecision? Decision, Decision? Refusal)> CheckAsync(
        CommandContext context, string level, string? department, IReadOnlyList<string>? assisting, string? reason)
    {
        var http = context.Http.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(Client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/routing/manual-decisions")
        {
            Content = JsonContent.Create(new { context.Case.ItemCode, GridCode = context.Case.Place.Grid, level, department, assisting, reason }),
        };
        if (AuthenticationHeaderValue.TryParse(context.Http.Request.Headers.Authorization, out var bearer))
        {
            request.Headers.Authorization = bearer;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, context.Http.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return (null, Unavailable);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<CheckedDecision>(context.Http.RequestAborted), null);
            }

            return (null, response.StatusCode switch
            {
                HttpStatusCode.BadRequest when await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>() is { } invalid =>
                    new Decision.Invalid(new Dictionary<string, string[]>(invalid.Errors)),
                HttpStatusCode.UnprocessableEntity when await response.Content.ReadFromJsonAsync<ProblemDetails>() is { } refused =>
                    new Decision.Refuse(StatusCodes.Status422UnprocessableEntity, refused.Title ?? "Refused by routing.", refused.Detail ?? string.Empty),
                _ => Unavailable,
            });
        }
    }

    private static Decision Unavailable => new Decision.Refuse(
        StatusCodes.Status503ServiceUnavailable, "Routing cannot check the choice now.", "Nothing was changed; try again shortly.");
}
