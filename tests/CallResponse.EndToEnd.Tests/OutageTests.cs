using System.Net;
using System.Net.Http.Json;
using CallResponse.Contracts.Intake;
using CallResponse.Contracts.Routing;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Faults longer than a consumer's retries: what was accepted is never parked by a database outage,
/// and what is parked for another reason is seen and can be moved back. The system's retries are cut
/// to two (well under a second), so any outage here outlasts them.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly RunningSystem system = RunningSystem.With(
        new Dictionary<string, string> { ["Messaging__RetryLimit"] = "2", ["Messaging__ParkedCheckEvery"] = "00:00:01" },
        linkDatabase: true);

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task Calls_in_flight_when_the_database_goes_down_wait_for_it_and_are_routed_when_it_is_back()
    {
        // The calls wait in the cases service's queue while it is frozen, so that it takes them during the outage.
        system.Service("cases").Freeze();
        var accepted = new List<Guid>();
        for (var n = 0; n < 20; n++)
        {
            accepted.Add((await system.LogCallAsync(Calls.Valid(), $"outage-{n}")).CaseId);
        }

        await Eventually.GetAsync(
            () => system.Broker.QueueDepthAsync("cases-open-case-on-call-logged"),
            depth => depth >= accepted.Count,
            TimeSpan.FromSeconds(30),
            "the calls to wait in the cases service's queue");
        system.DatabaseLink!.Cut();
        system.Service("cases").Thaw();
        try
        {
            // Far longer than two retries: the old retry budget parked every call here within a second.
            await Task.Delay(TimeSpan.FromSeconds(8));
            var parked = await system.Gateway.GetFromJsonAsync<Parked>("/api/admin/messages/cases/parked");
            Assert.Equal(0L, parked!.Total);
        }
        finally
        {
            system.DatabaseLink.Restore();
        }

        foreach (var caseId in accepted)
        {
            await system.WaitUntilRoutedAsync(caseId, TimeSpan.FromSeconds(90));
        }

        var after = await system.Gateway.GetFromJsonAsync<Parked>("/api/admin/messages/cases/parked");
        Assert.Equal(0L, after!.Total);
    }

    [Fact]
    public async Task A_parked_message_shows_in_health_and_metrics_and_handles_once_moved_back()
    {
        // A routing decision for a case the cases service has not opened: a fault, parked after its retries.
        var caseId = Guid.NewGuid();
        var assignment = new Assignment(AssignmentLevels.Community, "LW-HL-01", "华林社区", []);
        await system.Broker.PublishAsync(new RoutingDecided(
            caseId, Guid.NewGuid(), assignment, "level.community", "2026.1", "由社区响应", DateTimeOffset.UtcNow));

        const string errorQueue = "cases-record-routing-decision_error";
        var parked = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<Parked>("/api/admin/messages/cases/parked")!,
            found => found!.Queues.GetValueOrDefault(errorQueue) == 1,
            TimeSpan.FromSeconds(60),
            "the decision to be parked");
        Assert.Equal(1L, parked!.Total);
        using (var health = await system.Anonymous().GetAsync(new Uri(system.Service("cases").BaseAddress, "/health")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains(errorQueue, await health.Content.ReadAsStringAsync());
        }

        using (var ready = await system.Anonymous().GetAsync(new Uri(system.Service("cases").BaseAddress, "/health/ready")))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // parked work says nothing of readiness
        }

        var metrics = await system.Anonymous().GetStringAsync(new Uri(system.Service("cases").BaseAddress, "/metrics"));
        Assert.Contains($"messaging_parked{{otel_scope_name=\"CallResponse.Messaging\",queue=\"{errorQueue}\"}} 1", metrics);

        // The cause is fixed: the case is opened (and routed, as any case), then the decision is moved back.
        await system.Broker.PublishAsync(new CallLogged(
            caseId, "LW-20261202-999999", "CITY-01", "LW-HL-01-G01", "小区门口垃圾堆积三天无人清运", "walk-in",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "grid-worker:LW-HL-01-G01:test", "LW-HL-01", "LW-HL", "LW"));
        await system.WaitUntilRoutedAsync(caseId);
        using var redrive = await system.Gateway.PostAsync("/api/admin/messages/cases/parked/redrive", null);
        var redriven = await redrive.Content.ReadFromJsonAsync<Redriven>();

        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        Assert.Equal(1L, redriven!.Moved[errorQueue]);
        await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<Parked>("/api/admin/messages/cases/parked")!,
            found => found!.Total == 0,
            TimeSpan.FromSeconds(30),
            "the moved decision to be handled (a case already routed keeps its routing)");
        Assert.Equal(0L, await system.Broker.QueueDepthAsync("cases-record-routing-decision"));
        Assert.Equal(1L, await system.Database.ScalarAsync<long>(
            "select count(*) from cases.mt_events where stream_id = $1 and type = 'case_routed'", caseId));
    }

    [Fact]
    public async Task Moving_back_an_unknown_error_queue_is_a_problem_naming_the_field()
    {
        using var response = await system.Gateway.PostAsync("/api/admin/messages/cases/parked/redrive?queue=nope_error", null);

        await Problems.AssertNamesFieldAsync(response, "queue");
    }

    private sealed record Parked(Dictionary<string, long> Queues, long Total);

    private sealed record Redriven(Dictionary<string, long> Moved);
}
