using CallResponse.ServiceDefaults.Health;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit on RabbitMQ, the same for every service: durable queues named
/// <c>{service}-{consumer}</c>, retries with back-off, then the <c>_error</c> queue (visible in the
/// management UI) and a <c>Fault&lt;T&gt;</c>. Delivery is at least once: every consumer is idempotent.
/// </summary>
public static class MessagingExtensions
{
    public static WebApplicationBuilder AddMessaging(
        this WebApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? registerConsumers = null)
    {
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        var broker = new Uri(builder.Configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured (appsettings.Development.json has the local default)."));

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
                rabbitmq.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit,
                    TimeSpan.FromMilliseconds(50),
                    TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(200)));
                rabbitmq.ConfigureEndpoints(context);
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
}
