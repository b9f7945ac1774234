using CallResponse.Sla.Deadlines;
using CallResponse.Testing;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Tests.Deadlines;

/// <summary>The deadline poller in this process, on a fresh database and virtual host.</summary>
public sealed class DeadlinePollerTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestVirtualHost broker = null!;
    private NpgsqlDataSource source = null!;
    private IBusControl bus = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        broker = await TestVirtualHost.CreateAsync();
        source = NpgsqlDataSource.Create(database.ConnectionString);
        var table = new StringWriter();
        DeadlineWakeups.SchemaObject().WriteCreateStatement(new Weasel.Postgresql.PostgresqlMigrator(), table);
        await using (var create = source.CreateCommand($"create schema sla; {table}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq => rabbitmq.Host(broker.Broker));
        await bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync();
        await source.DisposeAsync();
        await broker.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_clock_step_on_the_application_server_fires_nothing_early()
    {
        await using (var insert = source.CreateCommand(
            $"""
            insert into {DeadlineWakeups.Table} (id, case_id, deadline_id, phase, fire_at) values
                (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'due', now() - interval '1 second'),
                (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'due', now() + interval '30 minutes')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var poller = new DeadlinePoller(
            source,
            bus,
            new SteppedClock(TimeSpan.FromHours(1)),
            Options.Create(new SlaOptions()),
            NullLogger<DeadlinePoller>.Instance);

        Assert.Equal(1, await poller.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_wakeup_the_broker_refused_goes_again_at_the_next_poll_not_after_its_lease()
    {
        await using (var insert = source.CreateCommand(
            $"""
            insert into {DeadlineWakeups.Table} (id, case_id, deadline_id, phase, fire_at) values
                (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'due', now() - interval '1 second')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var poller = new DeadlinePoller(
            source,
            bus,
            TimeProvider.System,
            Options.Create(new SlaOptions
            {
                WakeupLease = TimeSpan.FromHours(1), SendTimeout = TimeSpan.FromSeconds(5),
            }),
            NullLogger<DeadlinePoller>.Instance);
        await broker.RefuseWritesAsync(DeadlinePoller.Queue);
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => poller.RunOnceAsync(CancellationToken.None));
        }
        finally
        {
            await broker.RestoreAsync();
        }

        Assert.Equal(0L, await database.ScalarAsync<long>(
            $"select count(*) from {DeadlineWakeups.Table} where leased_until is not null"));
        Assert.Equal(1, await poller.RunOnceAsync(CancellationToken.None));
    }

    /// <summary>The application server's clock, stepped forward (a bad NTP sync, a hand-set clock).</summary>
    private sealed class SteppedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
