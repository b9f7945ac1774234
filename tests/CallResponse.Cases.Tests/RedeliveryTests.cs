using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Contracts.Intake;
using CallResponse.Contracts.Routing;
using CallResponse.Testing;
using MassTransit;

namespace CallResponse.Cases.Tests;

/// <summary>
/// The cases service, run as a process on real PostgreSQL and RabbitMQ, receives the same message
/// twice (as RabbitMQ does after a lost acknowledgement) and records it once.
/// </summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestVirtualHost broker = null!;
    private ServiceProcess cases = null!;
    private IBusControl bus = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        broker = await TestVirtualHost.CreateAsync();
        cases = new ServiceProcess("cases", ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = broker.Broker.ToString(),
        });
        await cases.StartAsync();
        bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq => rabbitmq.Host(broker.Broker));
        await bus.StartAsync();
        http = TestTokens.Client(cases.BaseAddress, "admin", "LW");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await bus.StopAsync();
        await cases.DisposeAsync();
        await broker.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_redelivered_call_and_decision_are_recorded_once()
    {
        var caseId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var logged = new CallLogged(caseId, "LW-20261124-000042", "CITY-01", "LW-HL-01-G01", "垃圾", "walk-in", now, now, "grid-worker", "LW-HL-01", "LW-HL", "LW");
        var decided = new RoutingDecided(caseId, Guid.NewGuid(), new Assignment("community", "LW-HL-01", "华林社区", []), "level.community", "2026.1", "由社区响应", now, "CITY", "ordinary", null);

        await bus.Publish(logged);
        await bus.Publish(logged);
        await WaitForHistoryAsync(caseId, 1);
        await bus.Publish(decided);
        await bus.Publish(decided);
        await WaitForHistoryAsync(caseId, 2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a wrongly doubled event to land

        var history = await WaitForHistoryAsync(caseId, 2);
        Assert.Equal(["case_opened", "case_routed"], history.Select(entry => entry.GetProperty("event").GetString()));
    }

    private async Task<JsonElement[]> WaitForHistoryAsync(Guid caseId, int events) =>
        (await Eventually.GetAsync(
            async () =>
            {
                using var response = await http.GetAsync($"/api/cases/{caseId}/history");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement[]>() : [];
            },
            history => history?.Length >= events,
            TimeSpan.FromSeconds(30),
            $"{events} events in case {caseId}"))!;
}
