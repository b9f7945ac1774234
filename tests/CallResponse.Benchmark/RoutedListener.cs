using System.Collections.Concurrent;
using System.Diagnostics;
using CallResponse.Contracts.Cases;
using MassTransit;

namespace CallResponse.Benchmark;

/// <summary>
/// Hears every <see cref="CaseRouted"/> on RabbitMQ and notes when it arrived. Its queue is temporary
/// (auto-delete, non-durable), bound to the CaseRouted exchange, so the benchmark takes no message
/// from the services' own queues and leaves nothing behind.
/// </summary>
internal sealed class RoutedListener : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, long> arrivals = new();
    private IBusControl? bus;

    public static async Task<RoutedListener> StartAsync(Uri broker, CancellationToken cancellationToken)
    {
        var listener = new RoutedListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq =>
        {
            rabbitmq.Host(broker);
            rabbitmq.ReceiveEndpoint(new TemporaryEndpointDefinition(), KebabCaseEndpointNameFormatter.Instance, endpoint =>
            {
                endpoint.PrefetchCount = 512;
                endpoint.Handler<CaseRouted>(context =>
                {
                    // The first arrival counts; a redelivery of the same case changes nothing.
                    listener.arrivals.TryAdd(context.Message.CaseId, Stopwatch.GetTimestamp());
                    return Task.CompletedTask;
                });
            });
        });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await listener.bus.StartAsync(timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreachableException($"Cannot listen on RabbitMQ at {broker.Host}:{broker.Port} ({exception.Message}).", exception);
        }

        return listener;
    }

    /// <summary>When the case's CaseRouted arrived (a <see cref="Stopwatch"/> timestamp), if it did.</summary>
    public bool TryGetArrival(Guid caseId, out long timestamp) => arrivals.TryGetValue(caseId, out timestamp);

    /// <summary>Waits until every case in <paramref name="caseIds"/> was routed, or the limit passes; prints progress.</summary>
    public async Task WaitForAllAsync(IReadOnlyCollection<Guid> caseIds, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var routed = caseIds.Count(arrivals.ContainsKey);
            if (routed == caseIds.Count || Stopwatch.GetTimestamp() >= deadline || cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine($"  [routed] {routed} of {caseIds.Count} accepted calls routed");
                return;
            }

            Console.WriteLine($"  [routed] waiting: {routed} of {caseIds.Count} routed");
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync(TimeSpan.FromSeconds(10));
        }
    }
}
