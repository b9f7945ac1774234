using CallResponse.Sla.Deadlines;
using CallResponse.Testing;
using Npgsql;

namespace CallResponse.Sla.Tests.Deadlines;

/// <summary>
/// A database of an earlier version kept its wake-ups as Marten documents. The SLA service, started on
/// it, moves them into <c>sla.deadline_wakeups</c> before its first poll: the pending ones keep their
/// ids and times, the overdue ones fire, and the documents' table is gone.
/// </summary>
public sealed class WakeupMoveTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestVirtualHost broker = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        broker = await TestVirtualHost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await broker.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Wakeups_kept_as_documents_are_moved_to_the_table_and_the_overdue_ones_fire()
    {
        var pending = DeadlineWakeups.IdFor(Guid.NewGuid(), DeadlineWakeups.Due);
        var overdue = DeadlineWakeups.IdFor(Guid.NewGuid(), DeadlineWakeups.Warn);
        var pendingAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            // The documents' table as Marten made it, with the columns the move reads.
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new("create schema sla"),
                    new(
                        """
                        create table sla.mt_doc_scheduleddeadline (id uuid primary key, data jsonb not null, mt_version uuid not null default gen_random_uuid(),
                            mt_dotnet_type varchar, mt_last_modified timestamptz default transaction_timestamp(),
                            fire_at timestamptz, case_id uuid, deadline_id uuid, phase varchar)
                        """),
                    new(
                        """
                        insert into sla.mt_doc_scheduleddeadline (id, data, fire_at, case_id, deadline_id, phase) values
                            ($1, '{}', $2, gen_random_uuid(), gen_random_uuid(), 'due'),
                            ($3, '{}', now() - interval '1 minute', gen_random_uuid(), gen_random_uuid(), 'warn')
                        """)
                    {
                        Parameters = { new() { Value = pending }, new() { Value = pendingAt }, new() { Value = overdue } },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync();
        }

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = broker.Broker.ToString(),
        };
        await using var sla = new ServiceProcess("sla", ServiceProcess.FreePort(), settings);
        await sla.StartAsync();

        await Eventually.GetAsync(
            () => database.ScalarAsync<long>($"select count(*) from {DeadlineWakeups.Table} where id <> $1", pending),
            remaining => remaining == 0,
            TimeSpan.FromSeconds(30),
            "the overdue wake-up to fire");
        Assert.Equal(pendingAt, await database.ScalarAsync<DateTime>($"select fire_at from {DeadlineWakeups.Table} where id = $1", pending));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from pg_tables where schemaname = 'sla' and tablename = 'mt_doc_scheduleddeadline'"));
    }
}
