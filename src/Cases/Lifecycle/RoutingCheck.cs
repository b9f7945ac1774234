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

    /// <summary>Routing's answer: the checked choice, or why not (a field error, a refusal, routing away).</summary>
    public sealed record Outcome(CheckedDecision? Checked, Decision? Refusal)
    {
        public static Outcome Of(CheckedDecision choice) => new(choice, null);

        public static Outcome Refused(Decision refusal) => new(null, refusal);
    }

    /// <summary>Asks routing about giving <paramref name="current"/> to a unit, with the caller's token.</summary>
    public static async Task<Outcome> CheckAsync(
        HttpContext context,
        Case current,
        string level,
        string? department,
        IReadOnlyList<string>? assisting,
        string? reason)
    {
        var http = context.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient(Client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/routing/manual-decisions")
        {
            Content = JsonContent.Create(
                new { current.ItemCode, GridCode = current.Place.Grid, level, department, assisting, reason }),
        };
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var bearer))
        {
            request.Headers.Authorization = bearer;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return Outcome.Refused(Unavailable);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync<CheckedDecision>(context.RequestAborted) is { } choice)
            {
                return Outcome.Of(choice);
            }

            return Outcome.Refused(response.StatusCode switch
            {
                HttpStatusCode.BadRequest
                    when await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>() is { } invalid =>
                    new Decision.Invalid(new Dictionary<string, string[]>(invalid.Errors)),
                HttpStatusCode.UnprocessableEntity
                    when await response.Content.ReadFromJsonAsync<ProblemDetails>() is { } refused =>
                    new Decision.Refuse(
                        StatusCodes.Status422UnprocessableEntity,
                        refused.Title ?? "Refused by routing.",
                        refused.Detail ?? string.Empty),
                _ => Unavailable,
            });
        }
    }

    private static Decision Unavailable => new Decision.Refuse(
        StatusCodes.Status503ServiceUnavailable,
        "Routing cannot check the choice now.",
        "Nothing was changed; try again shortly.");
}
