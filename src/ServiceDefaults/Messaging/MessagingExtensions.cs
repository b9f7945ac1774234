using CallResponse.ServiceDefaults.Health;
using CallResponse.ServiceDefaults.Parking;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit on RabbitMQ, the same for every service: durable queues named
/// <c>{service}-{consumer}</c>, retries with back-off, then the <c>_error</c> queue and a
/// <c>Fault&lt;T&gt;</c>; a database outage is waited out instead. Delivery is at least once: every
/// consumer is idempotent.
/// </summary>
public static class MessagingExtensions
{
    /// <param name="configureEndpoints">
    /// Receive endpoints a service declares itself, beside the ones named after its consumers (e.g. a
    /// second queue for a saga); they get the same retries.
    /// </param>
    public static WebApplicationBuilder AddMessaging(
        this WebApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? registerConsumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureEndpoints = null)
    {
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>()
            ?? new MessagingOptions();
        var broker = new Uri(builder.Configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:RabbitMq is not configured (appsettings.Development.json has the local default)."));

        builder.Services.AddParkedWork(services =>
            new ParkedMessages(broker, services.GetRequiredService<ILogger<ParkedMessages>>()));
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ParkedMessages>());
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.Tags.Add(HealthTags.Ready);
            });
            registerConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbitmq) =>
            {
                rabbitmq.Host(broker);
                rabbitmq.PrefetchCount = options.PrefetchCount;
                // A message that fails is retried a few times, then parked in its _error queue (see
                // Parking/ParkedMessages). One that fails because PostgreSQL is down waits for it instead, without
                // limit: the inner retry handles only that, so no outage, however long, parks anything.
                rabbitmq.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit,
                    TimeSpan.FromMilliseconds(50),
                    TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(200)));
                rabbitmq.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(TransientFailure.IsCause);
                    retry.Exponential(
                        int.MaxValue,
                        TimeSpan.FromMilliseconds(200),
                        options.OutageRetryCap,
                        TimeSpan.FromMilliseconds(500));
                });
                rabbitmq.ConfigureEndpoints(context);
                // After: ConfigureEndpoints leaves out a consumer or saga already configured on an endpoint.
                configureEndpoints?.Invoke(context, rabbitmq);
            });
        });
        return builder;
    }
}

/// <summary>Settings under <c>Messaging</c> in configuration.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Unacknowledged deliveries a consumer endpoint holds at once.</summary>
    public ushort PrefetchCount { get; set; } = 64;

    /// <summary>Retries in-process before a message goes to its <c>_error</c> queue.</summary>
    public int RetryLimit { get; set; } = 10;

    /// <summary>The longest wait between two tries of a message held up by a database outage.</summary>
    public TimeSpan OutageRetryCap { get; set; } = TimeSpan.FromSeconds(5);
}
