using System.Diagnostics;
using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>POST /api/admin/read-models/cases/rebuild</c>: rebuilds every case document — what lists, the
/// measures and the boards read — from the event store, the source of truth. For a changed projection
/// or a damaged table; an admin's job, best done while the system is quiet, since commands wait on
/// the rebuilt documents.
/// </summary>
public static class RebuildReadModel
{
    public sealed record Rebuilt(string Projection, double Seconds);

    public static IEndpointRouteBuilder MapRebuildReadModel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/admin/read-models/cases/rebuild", HandleAsync)
            .WithName("RebuildCaseReadModel")
            .WithTags("Oversight")
            .WithSummary("Rebuild every case document from the event store (admins).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }

    private static async Task<Ok<Rebuilt>> HandleAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Case>(TimeSpan.FromMinutes(10), cancellationToken);
        return TypedResults.Ok(new Rebuilt(nameof(Case), Math.Round(clock.Elapsed.TotalSeconds, 2)));
    }
}
