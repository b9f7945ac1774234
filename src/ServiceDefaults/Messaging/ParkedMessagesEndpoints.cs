using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>
/// An admin's view of the service's parked messages, through the gateway:
/// <c>GET /api/admin/messages/{service}/parked</c> lists each error queue's depth;
/// <c>POST /api/admin/messages/{service}/parked/redrive</c> (optionally <c>?queue=</c> one error
/// queue) moves them back to be handled again, once their cause is fixed.
/// </summary>
public static class ParkedMessagesEndpoints
{
    /// <param name="Queues">Each error queue of the service and how many messages wait in it.</param>
    /// <param name="ReadAt">When the broker was last asked; null if it never answered.</param>
    /// <param name="ReadError">Why the last reading failed, if it did.</param>
    public sealed record ParkedView(IReadOnlyDictionary<string, long> Queues, long Total, DateTimeOffset? ReadAt, string? ReadError);

    /// <param name="Moved">How many messages went back from each error queue.</param>
    public sealed record Redriven(IReadOnlyDictionary<string, long> Moved, ParkedView Now);

    public static IEndpointRouteBuilder MapParkedMessages(this IEndpointRouteBuilder endpoints, string serviceName)
    {
        var group = endpoints.MapGroup($"/api/admin/messages/{serviceName}/parked")
            .WithTags("Operations")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        group.MapGet("/", async (ParkedMessages parked, CancellationToken cancellationToken) =>
            {
                await parked.ReadAsync(cancellationToken);
                return TypedResults.Ok(View(parked));
            })
            .WithName($"GetParkedMessages-{serviceName}")
            .WithSummary($"Messages the {serviceName} service gave up on after its retries, by error queue (admins).");
        group.MapPost("/redrive", RedriveAsync)
            .WithName($"RedriveParkedMessages-{serviceName}")
            .WithSummary($"Move the {serviceName} service's parked messages back to their queues, once their cause is fixed (admins).")
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Redriven>, ValidationProblem>> RedriveAsync(
        ParkedMessages parked, string? queue, CancellationToken cancellationToken)
    {
        if (queue is not null && !parked.Depths.ContainsKey(queue))
        {
            return Http.ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                ["queue"] = [$"没有这个错误队列 (not an error queue of this service): one of {string.Join(", ", parked.Depths.Keys.Order())}."],
            });
        }

        var moved = await parked.MoveBackAsync(queue, cancellationToken);
        return TypedResults.Ok(new Redriven(moved, View(parked)));
    }

    private static ParkedView View(ParkedMessages parked) =>
        new(new SortedDictionary<string, long>(parked.Depths.ToDictionary()), parked.Total, parked.ReadAt, parked.ReadError);
}

/// <summary>Unhealthy while any message is parked: each one is work that nothing will do until someone acts.</summary>
internal sealed class ParkedMessagesHealthCheck(ParkedMessages parked) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = parked.Depths.Where(depth => depth.Value > 0).OrderBy(depth => depth.Key).ToList();
        var data = waiting.ToDictionary(depth => depth.Key, depth => (object)depth.Value);
        return Task.FromResult(
            parked.ReadError is { } error ? HealthCheckResult.Degraded($"The error queues could not be read: {error}")
            : waiting.Count > 0 ? HealthCheckResult.Unhealthy(
                $"{parked.Total} messages parked: {string.Join(", ", waiting.Select(depth => $"{depth.Key} ({depth.Value})"))}",
                data: data)
            : HealthCheckResult.Healthy("No message is parked"));
    }
}
