using CallResponse.ServiceDefaults.Health;
using CallResponse.ServiceDefaults.Parking;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

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
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not configured (appsettings.Development.json has the local default).");
        var database = new NpgsqlDataSourceBuilder(Tuned(connectionString, schema)).Build();
        builder.Services.AddSingleton(database);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(new RequestTimeout(
            builder.Configuration.GetValue("Database:RequestTimeout", TimeSpan.FromSeconds(10))));
        builder.Services.AddParkedWork(services => ActivatorUtilities.CreateInstance<ParkedEvents>(services));
        builder.Services.AddSingleton(new EventStoreLag(database, schema));
        builder.Services.AddHostedService(services => services.GetRequiredService<EventStoreLag>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "eventstore", services => services.GetRequiredService<EventStoreLag>(), null, [HealthTags.Ready]));
        builder.Services.AddHealthChecks()
            .AddCheck("postgres", new PostgresHealthCheck(database), tags: [HealthTags.Ready]);

        return builder.Services
            .AddMarten(options =>
            {
                options.DatabaseSchemaName = schema;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;

                // Poll for new events often: a poll is one indexed query. (LISTEN/NOTIFY would wake
                // the daemon sooner, but NOTIFY serialises every appending commit on a global lock,
                // which halved intake's throughput when measured.)
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);

                // An event that cannot be read (or whose type this version does not know) is parked as a
                // dead letter, counted and shown (Parking/ParkedEvents), rather than stopping the outbox or a
                // projection at it for good. One a projection fails to apply stops it: its totals would be
                // wrong without it, and /health shows the lag.
                options.Projections.Errors.SkipApplyErrors = false;
                options.Projections.Errors.SkipSerializationErrors = true;
                options.Projections.Errors.SkipUnknownEvents = true;

                // A paused shard (e.g. broker down) is restarted from its last committed position after this.
                options.Projections.HealthCheckPollingTime = TimeSpan.FromSeconds(2);
                configure?.Invoke(options);
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .BuildSessionsWith<TracedSessionFactory>(ServiceLifetime.Singleton)
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.Solo);
    }

    /// <summary>The most connections one service opens unless its connection string says otherwise.</summary>
    /// <remarks>
    /// Five processes share PostgreSQL's 300 (deploy's <c>max_connections</c>), tests run several systems
    /// at once, and two cores gain nothing from more than a few dozen queries in flight: a request waits
    /// for a pooled connection rather than the server refusing everyone's new ones.
    /// </remarks>
    public const int MaxPoolSize = 30;

    /// <summary>
    /// The service's one pool of connections (Marten and its own SQL share it), named after the service in
    /// <c>pg_stat_activity</c>. Keeps server-side prepared statements across pooled uses of a connection
    /// (Marten sends the same few statements all day). The connection string's own settings win.
    /// </summary>
    private static string Tuned(string connectionString, string serviceName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        if (!connectionString.Contains("Application Name", StringComparison.OrdinalIgnoreCase))
        {
            builder.ApplicationName = serviceName;
        }

        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 50;
        }

        return builder.ConnectionString;
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
