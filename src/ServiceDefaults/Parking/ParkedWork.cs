using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallResponse.ServiceDefaults.Parking;

/// <summary>
/// Work a service gave up on and set aside for a person: messages its consumers could not handle after
/// their retries (<see cref="ParkedMessages"/>) and events its outbox or projections could not read
/// (<see cref="ParkedEvents"/>). Nothing does parked work by itself, so it must never go unseen: every
/// kind is a metric (<c>parked{where}</c>), a check of <c>/health</c>, and an admin's list with a way to
/// put it back once its cause is fixed (<see cref="ParkedWorkEndpoints"/>).
/// </summary>
public interface IParkedWork
{
    /// <summary>What kind of work this is: <c>messages</c> or <c>events</c>.</summary>
    string Kind { get; }

    /// <summary>How much waits where (an error queue, a subscription), as last read; each place is listed.</summary>
    IReadOnlyDictionary<string, long> Depths { get; }

    /// <summary>Why the last reading failed (its server did not answer), or null.</summary>
    string? ReadError { get; }

    Task ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Puts the work parked at <paramref name="place"/> (every place when null) back to be done again.
    /// </summary>
    /// <returns>How much was put back from each place.</returns>
    Task<IReadOnlyDictionary<string, long>> PutBackAsync(string? place, CancellationToken cancellationToken);
}

/// <summary>
/// Reads every kind of parked work every few seconds, so the metric and the health checks stay current.
/// </summary>
internal sealed class ParkedWorkMonitor(IEnumerable<IParkedWork> kinds, ParkingOptions options) : BackgroundService
{
    private static readonly Meter Meter = new("CallResponse.Parking");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Meter.CreateObservableGauge(
            "parked",
            () => kinds.SelectMany(kind => kind.Depths.Select(depth => new Measurement<long>(
                depth.Value,
                new KeyValuePair<string, object?>("kind", kind.Kind),
                new KeyValuePair<string, object?>("where", depth.Key)))),
            "{item}",
            "Messages and events set aside after failing, waiting for an admin to put them back.");
        using var timer = new PeriodicTimer(options.CheckEvery);
        do
        {
            foreach (var kind in kinds)
            {
                await kind.ReadAsync(stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Unhealthy while anything is parked: each item is work that nothing will do until someone acts.</summary>
internal sealed class ParkedWorkHealthCheck(IParkedWork parked) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var waiting = parked.Depths.Where(depth => depth.Value > 0).OrderBy(depth => depth.Key).ToList();
        var listed = string.Join(", ", waiting.Select(depth => $"{depth.Key} ({depth.Value})"));
        return Task.FromResult(
            parked.ReadError is { } error
                ? HealthCheckResult.Degraded($"Parked {parked.Kind} could not be read: {error}")
            : waiting.Count > 0
                ? HealthCheckResult.Unhealthy($"{waiting.Sum(depth => depth.Value)} {parked.Kind} parked: {listed}")
            : HealthCheckResult.Healthy($"No {parked.Kind} parked"));
    }
}

/// <summary>Settings under <c>Parking</c> in configuration.</summary>
public sealed class ParkingOptions
{
    public const string Section = "Parking";

    /// <summary>How long one count may take: a server that does not answer leaves the last count, marked old.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How often parked work is counted.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(5);
}
