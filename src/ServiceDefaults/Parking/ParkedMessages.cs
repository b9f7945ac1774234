using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CallResponse.ServiceDefaults.Parking;

/// <summary>
/// The messages this service's consumers gave up on: after its retries a message is parked in its
/// queue's <c>_error</c> queue, where nothing handles it again. This reads each error queue's depth
/// and moves the messages back to their queue when an admin asks (<see cref="IParkedWork"/>).
/// </summary>
/// <remarks>
/// It learns the service's queues from MassTransit as their endpoints start, and reads and moves
/// messages over its own AMQP connection, so the bus's channels are never disturbed.
/// </remarks>
public sealed partial class ParkedMessages(Uri brokerAddress, ILogger<ParkedMessages> logger)
    : IParkedWork, IReceiveEndpointObserver, IAsyncDisposable
{
    public const string ErrorSuffix = "_error";
    private readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim broker = new(1, 1);
    private readonly ConnectionFactory factory = new() { Uri = brokerAddress, ClientProvidedName = "parked-messages" };
    private IConnection? connection;

    public string Kind => "messages";

    /// <summary>Parked messages by error queue, as last read; every queue of the service is listed.</summary>
    public IReadOnlyDictionary<string, long> Depths => depths;

    public string? ReadError { get; private set; }

    /// <summary>Reads the depth of every error queue of the service.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ParkingOptions.ReadTimeout);
        await broker.WaitAsync(cancellationToken);
        try
        {
            foreach (var errorQueue in depths.Keys)
            {
                depths[errorQueue] = await DepthAsync(errorQueue, bounded.Token);
            }

            ReadError = null;
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException
                                              or AlreadyClosedException or IOException
                                          || (exception is OperationCanceledException
                                              && !cancellationToken.IsCancellationRequested))
        {
            ReadError = exception is OperationCanceledException ? "RabbitMQ did not answer in time" : exception.Message;
            await ForgetConnectionAsync();
        }
        finally
        {
            broker.Release();
        }
    }

    /// <summary>
    /// Moves the messages parked in <paramref name="errorQueue"/> (all error queues when null) back to
    /// the queue they came from, each published with a broker confirm before it leaves the error queue,
    /// so none is lost. Only those parked when the move starts are moved: one that fails again is parked
    /// again rather than moved round forever.
    /// </summary>
    /// <returns>How many messages were moved from each error queue.</returns>
    public async Task<IReadOnlyDictionary<string, long>> PutBackAsync(
        string? errorQueue,
        CancellationToken cancellationToken)
    {
        var chosen = depths.Keys.Where(queue => errorQueue is null || queue == errorQueue).Order().ToList();
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        await broker.WaitAsync(cancellationToken);
        try
        {
            foreach (var queue in chosen)
            {
                moved[queue] = await MoveBackAsync(
                    queue,
                    await DepthAsync(queue, cancellationToken),
                    cancellationToken);
                LogMovedBack(logger, moved[queue], queue);
            }
        }
        finally
        {
            broker.Release();
        }

        await ReadAsync(cancellationToken);
        return moved;
    }

    private static string QueueOf(string errorQueue) => errorQueue[..^ErrorSuffix.Length];

    private async Task<long> MoveBackAsync(string errorQueue, long parked, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true);
        await using var channel = await (await ConnectAsync(cancellationToken))
            .CreateChannelAsync(options, cancellationToken);
        long moved = 0;
        while (moved < parked
            && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            // MassTransit's notes on why it was parked would be misread as a new fault.
            foreach (var header in properties.Headers?.Keys.Where(IsFaultHeader).ToList() ?? [])
            {
                properties.Headers!.Remove(header);
            }

            await channel.BasicPublishAsync(
                string.Empty,
                QueueOf(errorQueue),
                mandatory: true,
                properties,
                message.Body,
                cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private static bool IsFaultHeader(string header) =>
        header.StartsWith("MT-Fault-", StringComparison.Ordinal) || header == "MT-Reason";

    private async Task<long> DepthAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var open = await ConnectAsync(cancellationToken);
        await using var channel = await open.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit declares an error queue when it first parks a message there
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (connection is { IsOpen: true })
        {
            return connection;
        }

        await ForgetConnectionAsync();
        connection = await factory.CreateConnectionAsync(cancellationToken);
        return connection;
    }

    private async Task ForgetConnectionAsync()
    {
        if (connection is { } open)
        {
            connection = null;
            await open.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ForgetConnectionAsync();
        broker.Dispose();
    }

    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        // The bus's own reply queue is temporary and has no error queue.
        if (!ready.InputAddress.Query.Contains("temporary=true", StringComparison.Ordinal))
        {
            depths.TryAdd(ready.InputAddress.Segments[^1] + ErrorSuffix, 0);
        }

        return Task.CompletedTask;
    }

    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Moved {Count} parked messages from {ErrorQueue} back to their queue")]
    private static partial void LogMovedBack(ILogger logger, long count, string errorQueue);
}
