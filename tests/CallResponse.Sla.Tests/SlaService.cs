using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Contracts.Cases;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;
using CallResponse.Testing;
using MassTransit;
using Npgsql;

namespace CallResponse.Sla.Tests;

/// <summary>
/// The SLA service as a process on a fresh database and virtual host, wake-ups leased for 3 s and a
/// message parked after one retry (unless a subclass says otherwise), with a bus that publishes case
/// steps and hears what the service says. Its database starts with the wake-up table as it shipped
/// before leases, as an upgrade finds it.
/// </summary>
public class SlaService : IAsyncLifetime
{
    private IBusControl bus = null!;

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost Broker { get; private set; } = null!;

    public ServiceProcess Sla { get; private set; } = null!;

    /// <summary>The most ready messages each service queue takes (as deployed unless a test says less).</summary>
    protected virtual int QueueLimit => TestVirtualHost.MaxQueueLength;

    /// <summary>Retries before a message is parked: one, so a message that keeps failing is parked at once.</summary>
    protected virtual int RetryLimit => 1;

    public ConcurrentQueue<SlaBreached> Breaches { get; } = new();

    public ConcurrentQueue<SlaWarningIssued> Warnings { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Broker = await TestVirtualHost.CreateAsync();
        await Broker.LimitQueuesAsync(QueueLimit);
        await using (var connection = new NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                create schema sla;
                create table sla.deadline_wakeups (id uuid primary key, case_id uuid not null,
                    deadline_id uuid not null, phase varchar not null, fire_at timestamptz not null);
                create index deadline_wakeups_fire_at on sla.deadline_wakeups (fire_at);
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }

        Sla = new ServiceProcess("sla", ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = Broker.Broker.ToString(),
            ["Sla__WakeupLease"] = "00:00:03",
            ["Messaging__RetryLimit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Sla.StartAsync();
        bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq =>
        {
            rabbitmq.Host(Broker.Broker);
            rabbitmq.ReceiveEndpoint("test-sla-notices", endpoint =>
            {
                endpoint.Handler<SlaBreached>(context => Keep(Breaches, context.Message));
                endpoint.Handler<SlaWarningIssued>(context => Keep(Warnings, context.Message));
            });
        });
        await bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync();
        await Sla.DisposeAsync();
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class => bus.Publish(message, cancellationToken);

    /// <summary>Routes a new case to the water bureau (SW) with the given response target on the 24x7 clock.</summary>
    public async Task<Guid> RouteAsync(string responseTarget, long caseVersion = 2)
    {
        var caseId = Guid.NewGuid();
        await bus.Publish(Routed(caseId, "SW", DateTimeOffset.UtcNow, responseTarget, caseVersion));
        await DeadlinesAsync(caseId, deadlines => deadlines.Length == 1);
        return caseId;
    }

    public static CaseRouted Routed(
        Guid caseId, string unit, DateTimeOffset at, string responseTarget, long caseVersion) =>
        new(caseId, "LW-20261202-000001", "WATER-01", "LW-HL-01-G01", new Assignment("department", unit, unit, []),
            "level.department", "2026.1", at, "urgent", "LW-HL-01", "LW-HL", "LW",
            new ResponseTargets(responseTarget, "PT8H", "24x7"), caseVersion);

    /// <summary>The case's deadlines as the service shows them, once <paramref name="done"/> holds.</summary>
    public async Task<JsonElement[]> DeadlinesAsync(Guid caseId, Func<JsonElement[], bool> done, int seconds = 60)
    {
        using var http = TestTokens.Client(Sla.BaseAddress, "admin", "LW");
        return (await Eventually.GetAsync(
            async () =>
            {
                using var response = await http.GetAsync($"/api/cases/{caseId}/deadlines");
                if (!response.IsSuccessStatusCode)
                {
                    return [];
                }

                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return body.GetProperty("deadlines").EnumerateArray().ToArray();
            },
            done,
            TimeSpan.FromSeconds(seconds),
            $"the deadlines of case {caseId}"))!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task Keep<T>(ConcurrentQueue<T> into, T message)
    {
        into.Enqueue(message);
        return Task.CompletedTask;
    }
}
