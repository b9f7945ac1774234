using System.Diagnostics;
using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// Rebuilding the read models, an admin's job, best done while the system is quiet:
/// <c>POST /api/admin/read-models/cases/rebuild</c> rebuilds every case document — what lists and
/// boards read — from the event store, the source of truth, and then the measure totals from them;
/// <c>POST /api/admin/read-models/measures/rebuild</c> recomputes the measure totals alone from the
/// case documents (after a change to the measures, or a bulk load of documents);
/// <c>GET /api/admin/read-models/measures/check</c> compares the totals with such a recomputation
/// without changing them.
/// </summary>
public static class RebuildReadModel
{
    public sealed record Rebuilt(string ReadModel, double Seconds);

    /// <summary>How long the check waits for a moment at which the projection has caught up with the cases.</summary>
    public static readonly TimeSpan CheckWaitsAtMost = TimeSpan.FromSeconds(30);

    /// <param name="Differences">
    /// Total rows on which the projection and a recomputation disagree; 0 when they agree.
    /// </param>
    public sealed record Checked(long Differences, double Seconds);

    public static IEndpointRouteBuilder MapRebuildReadModel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/admin/read-models/cases/rebuild", RebuildCasesAsync)
            .WithName("RebuildCaseReadModel")
            .WithTags("Oversight")
            .WithSummary("Rebuild every case document from the event store, then the measure totals (admins).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        endpoints.MapPost("/api/admin/read-models/measures/rebuild", RebuildMeasuresAsync)
            .WithName("RebuildMeasureTotals")
            .WithTags("Oversight")
            .WithSummary("Recompute the measure totals from the case documents (admins).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        endpoints.MapGet("/api/admin/read-models/measures/check", CheckMeasuresAsync)
            .WithName("CheckMeasureTotals")
            .WithTags("Oversight")
            .WithSummary("Compare the measure totals with a recomputation from the case documents, changing nothing "
                + "(admins), at a moment the totals have caught up with the cases (waits up to 30 s; else 503).")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }

    private static async Task<Ok<Rebuilt>> RebuildCasesAsync(
        IDocumentStore store,
        NpgsqlDataSource database,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Case>(TimeSpan.FromMinutes(10), cancellationToken);
        }

        await MeasureTotals.RebuildAsync(database, cancellationToken);
        return TypedResults.Ok(new Rebuilt("cases", Math.Round(clock.Elapsed.TotalSeconds, 2)));
    }

    private static async Task<Ok<Rebuilt>> RebuildMeasuresAsync(
        NpgsqlDataSource database,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await MeasureTotals.RebuildAsync(database, cancellationToken);
        return TypedResults.Ok(new Rebuilt("measures", Math.Round(clock.Elapsed.TotalSeconds, 2)));
    }

    private static async Task<Results<Ok<Checked>, ProblemHttpResult>> CheckMeasuresAsync(
        NpgsqlDataSource database, HttpContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await MeasureTotals.DifferencesAsync(database, cancellationToken) is { } differences)
            {
                return TypedResults.Ok(new Checked(differences, Math.Round(clock.Elapsed.TotalSeconds, 2)));
            }

            if (clock.Elapsed > CheckWaitsAtMost)
            {
                context.Response.Headers.RetryAfter = "10";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "The measure totals are catching up with the cases.",
                    detail: $"For {CheckWaitsAtMost.TotalSeconds:0} s the totals never caught up with the cases' "
                        + "events; nothing was compared. Try again when the cases are quieter.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
