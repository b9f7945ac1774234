using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>Handles messages many to a transaction: the commit, not the consume, is what a message costs.</summary>
public interface IBatchHandler<in T>
    where T : class
{
    /// <summary>Handles every message in one transaction, or none of them (by throwing).</summary>
    Task HandleAsync(IReadOnlyList<T> messages, CancellationToken cancellationToken);
}

/// <summary>
/// Consumes in batches, without letting one message that cannot be handled fail all the others with it
/// (MassTransit#3373): a batch that fails for any reason but a database outage is split, each message
/// sent to the handler's one-at-a-time queue (<c>{queue}-one</c>), where it is retried and, if it must
/// be, parked alone. The others are handled there one by one, as the batch would have handled them.
/// </summary>
public static class Batches
{
    public const string OneAtATimeSuffix = "-one";

    /// <summary>
    /// Consumes <typeparamref name="T"/> with <typeparamref name="THandler"/> in batches of up to
    /// <paramref name="size"/>, on the queue <c>{service}-{handler}</c>, and one at a time on its
    /// <c>-one</c> queue, which hears only the messages a failed batch sends it.
    /// </summary>
    public static void AddBatchHandler<THandler, T>(this IBusRegistrationConfigurator bus, string serviceName, int size)
        where THandler : class, IBatchHandler<T>
        where T : class
    {
        var queue = $"{serviceName}-{KebabCaseEndpointNameFormatter.Instance.SanitizeName(typeof(THandler).Name)}";
        bus.AddScoped<THandler>();
        bus.AddConsumer<InBatches<THandler, T>>(consumer => consumer.Options<BatchOptions>(batch => batch
                .SetMessageLimit(size)
                .SetTimeLimit(TimeSpan.FromMilliseconds(20))
                .SetConcurrencyLimit(2)))
            .Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<OneAtATime<THandler, T>>()
            .Endpoint(endpoint =>
            {
                endpoint.Name = queue + OneAtATimeSuffix;
                endpoint.ConfigureConsumeTopology = false; // it takes only what a failed batch sends it
            });
    }

    internal sealed class InBatches<THandler, T>(THandler handler) : IConsumer<Batch<T>>
        where THandler : IBatchHandler<T>
        where T : class
    {
        public async Task Consume(ConsumeContext<Batch<T>> context)
        {
            try
            {
                await handler.HandleAsync(
                    context.Message.Select(delivery => delivery.Message).ToList(),
                    context.CancellationToken);
            }
            catch (Exception exception) when (context.Message.Length > 1 && !TransientFailure.IsCause(exception)
                                                  && !context.CancellationToken.IsCancellationRequested)
            {
                var queue = context.ReceiveContext.InputAddress.Segments[^1];
                var oneAtATime = await context.GetSendEndpoint(new Uri($"queue:{queue}{OneAtATimeSuffix}"));
                foreach (var delivery in context.Message)
                {
                    await delivery.Forward(oneAtATime);
                }
            }
        }
    }

    internal sealed class OneAtATime<THandler, T>(THandler handler) : IConsumer<T>
        where THandler : IBatchHandler<T>
        where T : class
    {
        public Task Consume(ConsumeContext<T> context) =>
            handler.HandleAsync([context.Message], context.CancellationToken);
    }
}
