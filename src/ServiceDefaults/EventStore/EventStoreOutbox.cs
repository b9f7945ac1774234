using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// The transactional outbox: a Marten subscription that publishes committed events to RabbitMQ.
/// Marten records its progress only after a page is fully published (with publisher confirms), so a
/// crash between commit and publish republishes the page: at least once, never lost. Each message's
/// id is its event's id, so consumers can recognise a redelivery.
/// </summary>
public sealed partial class EventStoreOutbox(IBus bus, IIntegrationEventMap map, ILogger<EventStoreOutbox> logger)
    : SubscriptionBase
{
    public const string SubscriptionName = "outbox";
    private static readonly ActivitySource Source = new("CallResponse.Outbox");

    /// <summary>How long one publish may wait for the broker before the page is tried again.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page,
        ISubscriptionController controller,
        IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);

        var publishes = new List<Task>(page.Events.Count);
        foreach (var @event in page.Events)
        {
            if (map.ToMessage(@event) is { } message)
            {
                publishes.Add(PublishAsync(@event, message, timeout.Token));
            }
        }

        try
        {
            await Task.WhenAll(publishes);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, exception, page.SequenceFloor, page.SequenceCeiling);
            // The daemon pauses the outbox and restarts it from its last committed position, so the
            // page is published again: nothing is skipped. A cancellation escaping here would instead be
            // swallowed and stall the outbox, hence the conversion.
            throw exception is OperationCanceledException
                ? new TimeoutException($"The broker did not confirm within {PublishTimeout.TotalSeconds} s.", exception)
                : exception;
        }

        return NullChangeListener.Instance;
    }

    private async Task PublishAsync(IEvent @event, object message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(@event.GetHeader(TraceHeaders.TraceParent)?.ToString(), null, out var parent);
        using var activity = Source.StartActivity($"outbox publish {message.GetType().Name}", ActivityKind.Producer, parent);
        await bus.Publish(
            message,
            message.GetType(),
            Pipe.Execute<PublishContext>(context => context.MessageId = @event.Id),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox could not publish events {Floor}..{Ceiling}; the page will be retried")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long floor, long ceiling);
}
