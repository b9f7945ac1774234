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
/// id is its event's id, so consumers can recognise a redelivery. An event that cannot be turned into
/// its message is parked as a dead letter (<see cref="Parking.ParkedEvents"/>) rather than stopping every
/// event behind it.
/// </summary>
public sealed partial class EventStoreOutbox(IBus bus, IIntegrationEventMap map, ILogger<EventStoreOutbox> logger)
    : SubscriptionBase
{
    public const string SubscriptionName = "outbox";
    private static readonly ActivitySource Source = new("CallResponse.Outbox");

    /// <summary>
    /// How long a page may go without a single confirm before it is abandoned and tried again. A slow
    /// broker that keeps confirming is waited for: a timeout on the whole page would republish it forever.
    /// </summary>
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page,
        ISubscriptionController controller,
        IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var confirmed = 0;
        var publishes = new List<Task>(page.Events.Count);
        foreach (var @event in page.Events)
        {
            if (await MessageOfAsync(@event, controller) is { } message)
            {
                publishes.Add(CountedAsync(PublishAsync(@event, message, abandon.Token)));
            }
        }

        try
        {
            var all = Task.WhenAll(publishes);
            while (!all.IsCompleted)
            {
                var before = Volatile.Read(ref confirmed);
                await Task.WhenAny(all, Task.Delay(ConfirmTimeout, cancellationToken));
                if (!all.IsCompleted && Volatile.Read(ref confirmed) == before)
                {
                    await abandon.CancelAsync();
                    throw new TimeoutException($"The broker confirmed nothing for {ConfirmTimeout.TotalSeconds} s.");
                }
            }

            await all;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, exception, page.SequenceFloor, page.SequenceCeiling);
            // The daemon pauses the outbox and restarts it from its last committed position, so the
            // page is published again: nothing is skipped. A cancellation escaping here would instead be
            // swallowed and stall the outbox, hence the conversion.
            throw exception is OperationCanceledException
                ? new TimeoutException("A publish was abandoned.", exception)
                : exception;
        }

        return NullChangeListener.Instance;

        async Task CountedAsync(Task publish)
        {
            await publish;
            Interlocked.Increment(ref confirmed);
        }
    }

    /// <summary>The event's message, or null when it has none or cannot be mapped (then it is parked).</summary>
    private async Task<object?> MessageOfAsync(IEvent @event, ISubscriptionController controller)
    {
        try
        {
            return map.ToMessage(@event);
        }
        catch (Exception exception)
        {
            LogParked(logger, exception, @event.Sequence, @event.EventTypeName);
            await controller.RecordDeadLetterEventAsync(@event, exception);
            return null;
        }
    }

    private Task PublishAsync(IEvent @event, object message, CancellationToken cancellationToken) =>
        PublishAsync(bus, @event, message, cancellationToken);

    /// <summary>Publishes a stored event's message under the event's id, in the trace that stored it.</summary>
    internal static async Task PublishAsync(
        IBus bus,
        IEvent @event,
        object message,
        CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(@event.GetHeader(TraceHeaders.TraceParent)?.ToString(), null, out var parent);
        using var activity = Source.StartActivity(
            $"outbox publish {message.GetType().Name}",
            ActivityKind.Producer,
            parent);
        await bus.Publish(
            message,
            message.GetType(),
            Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = @event.Id;
                // A message no queue takes would vanish (its consumer has never started yet): the broker
                // returns it instead, the page fails, and it is published again until a queue is bound.
                context.Mandatory = true;
            }),
            cancellationToken);
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Outbox parked event {Sequence} ({Type}): it could not be mapped to its message")]
    private static partial void LogParked(ILogger logger, Exception exception, long sequence, string type);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Outbox could not publish events {Floor}..{Ceiling}; the page will be retried")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long floor, long ceiling);
}
