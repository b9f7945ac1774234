using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Contracts.Cases;
using CallResponse.Contracts.Routing;
using CallResponse.Testing;
using MassTransit;

namespace CallResponse.Sla.Tests.CaseSla;

/// <summary>
/// The SLA service's saga repository on real PostgreSQL and RabbitMQ: many messages for one case in a row
/// (each a whistle summoning another department, each newer than the last), each delivered twice at once.
/// Optimistic concurrency fails the losers' commits, the bus retries them, and every summons is recorded once.
/// </summary>
public sealed class SagaRepositoryTests : IAsyncLifetime
{
    private const int Summons = 20;
    private TestDatabase database = null!;
    private TestVirtualHost broker = null!;
    private ServiceProcess sla = null!;
    private IBusControl bus = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        broker = await TestVirtualHost.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = broker.Broker.ToString(),
        };
        sla = new ServiceProcess("sla", ServiceProcess.FreePort(), settings);
        await sla.StartAsync();
        bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq => rabbitmq.Host(broker.Broker));
        await bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await bus.StopAsync();
        await sla.DisposeAsync();
        await broker.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_and_redelivered_messages_for_one_case_are_each_recorded_once()
    {
        var caseId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new CaseRouted(caseId, "LW-20261124-000001", "WATER-01", "LW-HL-01-G01",
            new Assignment("department", "SW", "区水务局", []), "level.department", "2026.1", now, "urgent", "LW-HL-01", "LW-HL", "LW", null, 2));
        using var http = TestTokens.Client(sla.BaseAddress, "admin", "LW");
        await DeadlinesAsync(http, caseId, deadlines => deadlines.Length == 1);

        var whistles = Enumerable.Range(0, Summons)
            .Select(n => new WhistleBlown(caseId, [$"D{n:D2}"], now.AddHours(1), now, 3 + n))
            .ToList();
        foreach (var whistle in whistles)
        {
            await Task.WhenAll(bus.Publish(whistle), bus.Publish(whistle));
        }

        var deadlines = await DeadlinesAsync(http, caseId, found => found.Length >= Summons + 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        deadlines = await DeadlinesAsync(http, caseId, _ => true);
        var summoned = deadlines.Select(deadline => deadline.GetProperty("kind").GetString()!).Where(kind => kind.StartsWith("whistle:", StringComparison.Ordinal)).ToList();
        Assert.Equal(Summons, summoned.Distinct().Count());
        Assert.Equal(Summons, summoned.Count);
    }

    private static async Task<JsonElement[]> DeadlinesAsync(HttpClient http, Guid caseId, Func<JsonElement[], bool> done) =>
        (await Eventually.GetAsync(
            async () =>
            {
                using var response = await http.GetAsync($"/api/cases/{caseId}/deadlines");
                return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray().ToArray() : [];
            },
            done,
            TimeSpan.FromSeconds(60),
            $"the deadlines of case {caseId}"))!;
}
