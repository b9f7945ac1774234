using CallResponse.ServiceDefaults.EventStore;
using CallResponse.ServiceDefaults.Messaging;
using JasperFx.Events.Daemon;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallResponse.ServiceDefaults.Parking;

/// <summary>
/// Events the event store's background work set aside as dead letters (Marten's
/// <c>mt_doc_deadletterevent</c>) rather than stopping at them: one the outbox could not map to its
/// message, one that could not be read at all. Counted by subscription or projection; the outbox's are
/// put back by publishing them as the outbox would have (a projection's by rebuilding it).
/// </summary>
public sealed partial class ParkedEvents(
    IDocumentStore store, IBus bus, ILogger<ParkedEvents> logger, IIntegrationEventMap? map = null) : IParkedWork
{
    private Dictionary<string, long> depths = new() { [EventStoreOutbox.SubscriptionName] = 0 };

    public string Kind => "events";

    public IReadOnlyDictionary<string, long> Depths => depths;

    public string? ReadError { get; private set; }

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ParkingOptions.ReadTimeout);
        try
        {
            await using var session = store.QuerySession();
            var parked = await session.Query<DeadLetterEvent>()
                .Select(dead => dead.ProjectionName)
                .ToListAsync(bounded.Token);
            var counted = parked.CountBy(name => name).ToDictionary(count => count.Key, count => (long)count.Value);
            counted.TryAdd(EventStoreOutbox.SubscriptionName, 0);
            (depths, ReadError) = (counted, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && (exception is OperationCanceledException || TransientFailure.IsCause(exception)))
        {
            // The last reading stands, marked as old: an outage must not make the count itself fail.
            ReadError = exception is OperationCanceledException
                ? "PostgreSQL did not answer in time"
                : exception.Message;
        }
    }

    /// <summary>Publishes the outbox's parked events; each leaves the dead letters once it is published.</summary>
    public async Task<IReadOnlyDictionary<string, long>> PutBackAsync(
        string? place,
        CancellationToken cancellationToken)
    {
        var putBack = new Dictionary<string, long>();
        if (map is not null && place is null or EventStoreOutbox.SubscriptionName)
        {
            putBack[EventStoreOutbox.SubscriptionName] = await RepublishAsync(map, cancellationToken);
        }

        await ReadAsync(cancellationToken);
        return putBack;
    }

    private async Task<long> RepublishAsync(IIntegrationEventMap outboxMap, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var parked = await session.Query<DeadLetterEvent>()
            .Where(dead => dead.ProjectionName == EventStoreOutbox.SubscriptionName)
            .ToListAsync(cancellationToken);
        long published = 0;
        foreach (var dead in parked.OrderBy(dead => dead.EventSequence))
        {
            try
            {
                var stored = await session.Events.QueryAllRawEvents()
                    .SingleAsync(@event => @event.Sequence == dead.EventSequence, cancellationToken);
                if (outboxMap.ToMessage(stored) is { } message)
                {
                    await EventStoreOutbox.PublishAsync(bus, stored, message, cancellationToken);
                }

                session.Delete(dead);
                await session.SaveChangesAsync(cancellationToken);
                published++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogStillParked(logger, exception, dead.EventSequence);
            }
        }

        return published;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Parked event {Sequence} still cannot be published; it stays parked")]
    private static partial void LogStillParked(ILogger logger, Exception exception, long sequence);
}
