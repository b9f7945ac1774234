using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Parking;

/// <summary>
/// An admin's view of a service's parked work, through the gateway:
/// <c>GET /api/admin/parked/{service}</c> lists how much waits where, by kind;
/// <c>POST /api/admin/parked/{service}/redrive</c> (optionally <c>?kind=messages|events</c> and
/// <c>&amp;place=</c> one error queue or subscription) puts it back to be done again, once its cause is fixed.
/// </summary>
public static class ParkedWorkEndpoints
{
    /// <param name="Parked">For each kind (<c>messages</c>, <c>events</c>), how much waits where.</param>
    /// <param name="ReadErrors">For each kind that could not be read, why.</param>
    public sealed record ParkedView(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Parked,
        long Total,
        IReadOnlyDictionary<string, string> ReadErrors);

    /// <param name="PutBack">For each kind, how much was put back from where.</param>
    public sealed record Redriven(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> PutBack,
        ParkedView Now);

    /// <summary>Registers a kind of parked work: counted, checked by <c>/health</c>, listed and put back.</summary>
    public static IServiceCollection AddParkedWork<T>(
        this IServiceCollection services,
        Func<IServiceProvider, T> create)
        where T : class, IParkedWork
    {
        services.AddSingleton(create);
        services.AddSingleton<IParkedWork>(provider => provider.GetRequiredService<T>());
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            $"parked-{typeof(T).Name}",
            provider => new ParkedWorkHealthCheck(provider.GetRequiredService<T>()),
            failureStatus: null,
            tags: [HealthTags.Operations]));
        if (!services.Any(service => service.ImplementationType == typeof(ParkedWorkMonitor)))
        {
            services.AddOptions<ParkingOptions>().BindConfiguration(ParkingOptions.Section);
            services.AddSingleton(provider =>
                provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ParkingOptions>>().Value);
            services.AddHostedService<ParkedWorkMonitor>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapParkedWork(this IEndpointRouteBuilder endpoints, string serviceName)
    {
        var group = endpoints.MapGroup($"/api/admin/parked/{serviceName}")
            .WithTags("Operations")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        group.MapGet("/", async (IEnumerable<IParkedWork> kinds, CancellationToken cancellationToken) =>
            {
                foreach (var kind in kinds)
                {
                    await kind.ReadAsync(cancellationToken);
                }

                return TypedResults.Ok(View(kinds));
            })
            .WithName($"GetParkedWork-{serviceName}")
            .WithSummary($"What the {serviceName} service set aside after failing: "
                + $"messages by error queue, events by subscription (admins).");
        group.MapPost("/redrive", RedriveAsync)
            .WithName($"RedriveParkedWork-{serviceName}")
            .WithSummary($"Put the {serviceName} service's parked work back to be done again, "
                + $"once its cause is fixed (admins).")
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Redriven>, ValidationProblem>> RedriveAsync(
        IEnumerable<IParkedWork> kinds, string? kind, string? place, CancellationToken cancellationToken)
    {
        var chosen = kinds.Where(candidate => kind is null || candidate.Kind == kind).ToList();
        if (chosen.Count == 0)
        {
            return Http.ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                ["kind"] = [$"没有这类积压 (no such kind of parked work): "
                    + $"one of {string.Join(", ", kinds.Select(known => known.Kind))}."],
            });
        }

        if (place is not null && !chosen.Any(candidate => candidate.Depths.ContainsKey(place)))
        {
            var places = chosen.SelectMany(candidate => candidate.Depths.Keys).Order();
            return Http.ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                ["place"] = [$"没有这个积压位置 (nothing is parked there): one of {string.Join(", ", places)}."],
            });
        }

        var putBack = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        foreach (var candidate in chosen.Where(candidate => place is null || candidate.Depths.ContainsKey(place)))
        {
            putBack[candidate.Kind] = await candidate.PutBackAsync(place, cancellationToken);
        }

        return TypedResults.Ok(new Redriven(putBack, View(kinds)));
    }

    private static ParkedView View(IEnumerable<IParkedWork> kinds) => new(
        kinds.ToDictionary(
            kind => kind.Kind,
            kind => (IReadOnlyDictionary<string, long>)new SortedDictionary<string, long>(kind.Depths.ToDictionary())),
        kinds.Sum(kind => kind.Depths.Values.Sum()),
        kinds.Where(kind => kind.ReadError is not null).ToDictionary(kind => kind.Kind, kind => kind.ReadError!));
}
