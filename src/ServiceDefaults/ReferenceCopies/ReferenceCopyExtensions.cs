using System.Diagnostics.Metrics;
using CallResponse.ServiceDefaults.Health;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallResponse.ServiceDefaults.ReferenceCopies;

/// <summary>Wires a <see cref="ReferenceCopy{T}"/>: its refresher, stored document, health check and gauge.</summary>
public static class ReferenceCopyExtensions
{
    /// <summary>
    /// A copy named <paramref name="name"/>, refreshed every <c>{section}:RefreshAfter</c> (else
    /// <paramref name="refreshAfter"/>) by <paramref name="fetch"/>. Needs the service's event store (Marten).
    /// </summary>
    public static WebApplicationBuilder AddReferenceCopy<T>(
        this WebApplicationBuilder builder,
        string name,
        string section,
        TimeSpan refreshAfter,
        Func<IServiceProvider, CancellationToken, Task<T>> fetch)
        where T : class
    {
        var every = builder.Configuration.GetValue<TimeSpan?>($"{section}:RefreshAfter") ?? refreshAfter;
        var services = builder.Services;
        services.AddSingleton(provider => new ReferenceCopy<T>(name, every, Clock(provider)));
        services.AddSingleton<IReferenceCopy>(provider => provider.GetRequiredService<ReferenceCopy<T>>());
        services.AddHostedService(provider => new ReferenceCopyRefresher<T>(
            provider.GetRequiredService<ReferenceCopy<T>>(),
            fetch,
            provider,
            provider.GetRequiredService<IDocumentStore>(),
            Clock(provider),
            provider.GetRequiredService<ILogger<ReferenceCopyRefresher<T>>>()));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"reference-{name}",
            provider => new ReferenceCopyHealth(provider.GetRequiredService<ReferenceCopy<T>>()),
            null,
            [HealthTags.Ready]));
        services.ConfigureMarten(options => options.Schema.For<StoredReferenceCopy>().DocumentAlias("referencecopy"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReferenceCopyGauge>());
        return builder;
    }

    private static TimeProvider Clock(IServiceProvider provider) =>
        provider.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Ready either way (requests use the last copy); degraded while there is none or it is stale.</summary>
    private sealed class ReferenceCopyHealth(IReferenceCopy copy) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(
            HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(Check());

        private HealthCheckResult Check()
        {
            if (copy.Age is not { } age)
            {
                return HealthCheckResult.Degraded($"No {copy.Name} copy yet: its source has never answered");
            }

            var data = new Dictionary<string, object> { ["ageSeconds"] = Math.Round(age.TotalSeconds) };
            var said = $"The {copy.Name} copy is {age.TotalSeconds:F0} s old";
            return age > 3 * copy.RefreshAfter
                ? HealthCheckResult.Degraded($"{said}: its source does not answer", data: data)
                : HealthCheckResult.Healthy(said, data);
        }
    }

    /// <summary>The gauge <c>reference_copy.age{copy}</c> in seconds (<c>reference_copy_age_seconds</c>).</summary>
    private sealed class ReferenceCopyGauge(IEnumerable<IReferenceCopy> copies, IMeterFactory meters) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            meters.Create("CallResponse.ReferenceCopies").CreateObservableGauge(
                "reference_copy.age",
                () => copies
                    .Where(copy => copy.Age is not null)
                    .Select(copy => new Measurement<double>(
                        copy.Age!.Value.TotalSeconds, new KeyValuePair<string, object?>("copy", copy.Name))),
                "s",
                "How old a service's copy of another service's reference data is.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
