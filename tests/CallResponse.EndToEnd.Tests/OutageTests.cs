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
        new Dictionary<string, string> { ["Messaging__RetryLimit"] = "2", ["Parking__CheckEvery"] = "00:00:01" },
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
            var parked = await system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/cases");
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

        var after = await system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/cases");
        Assert.Equal(0L, after!.Total);
    }

    [Fact]
    public async Task A_parked_message_shows_in_health_and_metrics_and_handles_once_moved_back()
    {
        // A routing decision for a case the cases service has not opened: a fault, parked after its retries.
        var caseId = Guid.NewGuid();
        var assignment = new Assignment(AssignmentLevels.Community, "LW-HL-01", "华林社区", []);
        await system.Broker.PublishAsync(new RoutingDecided(
            caseId, Guid.NewGuid(), assignment, "level.community", "2026.1", "由社区响应", DateTimeOffset.UtcNow,
            "CITY", "ordinary", null));

        const string errorQueue = "cases-record-routing-decision_error";
        var parked = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/cases")!,
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
        Assert.Contains($"kind=\"messages\",where=\"{errorQueue}\"}} 1", metrics);

        // The cause is fixed: the case is opened (and routed, as any case), then the decision is moved back.
        await system.Broker.PublishAsync(new CallLogged(
            caseId, "LW-20261202-999999", "CITY-01", "LW-HL-01-G01", "小区门口垃圾堆积三天无人清运", "walk-in",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "grid-worker:LW-HL-01-G01:test", "LW-HL-01", "LW-HL", "LW"));
        await system.WaitUntilRoutedAsync(caseId);
        using var redrive = await system.Gateway.PostAsync("/api/admin/parked/cases/redrive", null);
        var redriven = await redrive.Content.ReadFromJsonAsync<Redriven>();

        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        Assert.Equal(1L, redriven!.PutBack["messages"][errorQueue]);
        await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/cases")!,
            found => found!.Total == 0,
            TimeSpan.FromSeconds(30),
            "the moved decision to be handled (a case already routed keeps its routing)");
        await Eventually.GetAsync(
            () => system.Broker.QueueDepthAsync("cases-record-routing-decision"),
            depth => depth == 0,
            TimeSpan.FromSeconds(30),
            "the queue to be empty (the management API counts every few seconds)");
        Assert.Equal(1L, await system.Database.ScalarAsync<long>(
            "select count(*) from cases.mt_events where stream_id = $1 and type = 'case_routed'", caseId));
    }

    [Fact]
    public async Task A_message_no_queue_takes_yet_waits_in_the_outbox_until_its_consumer_starts()
    {
        // As on a first start where routing has never run: no queue is bound for the opened case.
        await IntakeHasTheCatalogueAsync();
        system.Service("routing").Kill();
        await system.Broker.DeleteQueueAsync("routing-route-opened-case");
        var logged = await system.LogCallAsync(Calls.Valid(), "no-queue-yet");
        await Eventually.GetAsync(
            () => system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where stream_id = $1 and type = 'case_opened'", logged.CaseId),
            opened => opened == 1,
            TimeSpan.FromSeconds(30),
            "the case to be opened");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the outbox has tried to publish it meanwhile

        await system.Service("routing").StartAsync();

        await system.WaitUntilRoutedAsync(logged.CaseId, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task One_message_that_cannot_be_handled_is_parked_alone_and_the_rest_of_its_batch_is_handled()
    {
        // Ten cases opened and not routed (routing is down), then ten decisions for them and one for a
        // case that does not exist, waiting together for the cases service so that they meet in one batch.
        await IntakeHasTheCatalogueAsync();
        system.Service("routing").Kill();
        var opened = new List<Guid>();
        for (var n = 0; n < 10; n++)
        {
            opened.Add((await system.LogCallAsync(Calls.Valid(), $"batch-{n}")).CaseId);
        }

        await Eventually.GetAsync(
            () => system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where type = 'case_opened' and stream_id = any($1)", opened.ToArray()),
            count => count == opened.Count,
            TimeSpan.FromSeconds(60),
            "the cases to be opened");
        system.Service("cases").Freeze();
        var assignment = new Assignment(AssignmentLevels.Community, "LW-HL-01", "华林社区", []);
        foreach (var caseId in opened.Append(Guid.NewGuid()))
        {
            await system.Broker.PublishAsync(new RoutingDecided(
                caseId, Guid.NewGuid(), assignment, "test.batch", "2026.1", "由社区响应", DateTimeOffset.UtcNow,
            "CITY", "ordinary", null));
        }

        await Eventually.GetAsync(
            () => system.Broker.QueueDepthAsync("cases-record-routing-decision"),
            depth => depth == opened.Count + 1,
            TimeSpan.FromSeconds(30),
            "the decisions to wait together");
        system.Service("cases").Thaw();

        foreach (var caseId in opened)
        {
            Assert.Equal("test.batch", (await system.WaitUntilRoutedAsync(caseId, TimeSpan.FromSeconds(60))).RuleId);
        }

        var parked = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/cases")!,
            found => found!.Total > 0,
            TimeSpan.FromSeconds(60),
            "the decision for no case to be parked");
        Assert.Equal(1L, parked!.Queues["cases-record-routing-decision-one_error"]);
        await system.Service("routing").StartAsync();
    }

    [Fact]
    public async Task An_event_the_outbox_cannot_read_is_parked_and_the_events_after_it_flow_on()
    {
        // A stored call whose body this version cannot read (its id is not a uuid).
        var callId = Guid.NewGuid();
        var sequence = await system.Database.ScalarAsync<long>(
            """
            with stream as (insert into intake.mt_streams (id, type, version) values ($1, 'call', 1) returning id)
            insert into intake.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type)
            select nextval('intake.mt_events_sequence'), gen_random_uuid(), id, 1, '{"CallId": 12}'::jsonb, 'call_logged',
                'CallResponse.Intake.Calls.CallLogged, CallResponse.Intake'
            from stream returning seq_id
            """,
            callId);

        var after = await system.LogCallAsync(Calls.Valid(), "after-the-poison");
        await system.WaitUntilRoutedAsync(after.CaseId, TimeSpan.FromSeconds(60));
        var parked = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<ParkedWork>("/api/admin/parked/intake")!,
            found => found!.Parked["events"]["outbox"] == 1,
            TimeSpan.FromSeconds(30),
            "the unreadable event to be parked");
        Assert.Equal(1L, parked!.Total);
        using (var health = await system.Anonymous().GetAsync(new Uri(system.Service("intake").BaseAddress, "/health")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        // Its cause fixed (here by hand: the body repaired), it is put back and published as the outbox would have.
        var now = DateTimeOffset.UtcNow.ToString("O");
        await system.Database.ScalarAsync<long>(
            "update intake.mt_events set data = $2::jsonb where seq_id = $1 returning seq_id",
            sequence,
            $$"""
            {"CallId": "{{callId}}", "Channel": "walk-in", "GridCode": "LW-HL-01-G01", "ItemCode": "CITY-01",
             "LoggedAt": "{{now}}", "ReportedAt": "{{now}}", "LoggedBy": "grid-worker:LW-HL-01-G01:test",
             "Description": "小区门口垃圾堆积三天无人清运", "TrackingNumber": "LW-20261202-999998",
             "CommunityCode": "LW-HL-01", "StreetCode": "LW-HL", "DistrictCode": "LW", "HasResidentContact": false}
            """);
        using var redrive = await system.Gateway.PostAsync("/api/admin/parked/intake/redrive?kind=events", null);
        var redriven = await redrive.Content.ReadFromJsonAsync<Redriven>();

        Assert.Equal(1L, redriven!.PutBack["events"]["outbox"]);
        await system.WaitUntilRoutedAsync(callId, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Moving_back_an_unknown_error_queue_is_a_problem_naming_the_field()
    {
        using var response = await system.Gateway.PostAsync("/api/admin/parked/cases/redrive?place=nope_error", null);

        await Problems.AssertNamesFieldAsync(response, "place");
    }

    /// <summary>Intake checks calls against its copy of routing's catalogue: let it take one before routing goes.</summary>
    private async Task IntakeHasTheCatalogueAsync() =>
        await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid(), $"warm-{Guid.NewGuid()}")).CaseId);

    private sealed record ParkedWork(Dictionary<string, Dictionary<string, long>> Parked, long Total)
    {
        public Dictionary<string, long> Queues => Parked["messages"];
    }

    private sealed record Redriven(Dictionary<string, Dictionary<string, long>> PutBack);
}
