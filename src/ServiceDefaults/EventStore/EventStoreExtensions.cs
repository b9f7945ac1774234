using CallResponse.ServiceDefaults.Health;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// Marten on PostgreSQL, one schema per service. Events carry the trace context and who acted in
/// their metadata; the async daemon runs in this process (<see cref="DaemonMode.Solo"/>: one instance
/// of each service) and drives the outbox subscription.
/// </summary>
public static class EventStoreExtensions
{
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this WebApplicationBuilder builder,
        string schema,
        Action<StoreOptions>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (appsettings.Development.json has the local default).");
        builder.Services.AddHealthChecks()
            .AddCheck("postgres", new PostgresHealthCheck(connectionString), tags: [HealthTags.Ready]);

        return builder.Services
            .AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = schema;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;

                // Wake the daemon on commit (LISTEN/NOTIFY) instead of waiting for its next poll.
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(500);

                // Never skip an event the outbox or a projection cannot read: stop and retry instead.
                // (Continuous mode skips unreadable and unknown events unless told otherwise.)
                options.Projections.Errors.SkipApplyErrors = false;
                options.Projections.Errors.SkipSerializationErrors = false;
                options.Projections.Errors.SkipUnknownEvents = false;

                // A paused shard (e.g. broker down) is restarted from its last committed position after this.
                options.Projections.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
                configure?.Invoke(options);
            })
            .UseLightweightSessions()
            .BuildSessionsWith<TracedSessionFactory>(ServiceLifetime.Singleton)
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.Solo);
    }

    /// <summary>
    /// Publishes the events that <typeparamref name="TMap"/> maps to contracts, at least once, in the
    /// order they were committed: the event store is the outbox.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddOutbox<TMap>(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
        where TMap : class, IIntegrationEventMap
    {
        marten.Services.AddSingleton<IIntegrationEventMap, TMap>();
        return marten.AddSubscriptionWithServices<EventStoreOutbox>(ServiceLifetime.Singleton, subscription =>
        {
            subscription.Name = EventStoreOutbox.SubscriptionName;
            subscription.Options.BatchSize = 500;
            subscription.IncludeArchivedEvents = true; // an archived stream's last events must still go out
        });
    }
}
