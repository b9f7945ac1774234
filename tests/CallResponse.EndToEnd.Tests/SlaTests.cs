using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A system whose deadlines run 500 times faster (Sla:TargetScale): WATER-01's 30-minute response
/// target becomes 3.6 s, its warning comes at 2.7 s; the feedback window shrinks likewise. A supervision
/// order is due 5 s after its breach (Supervision:ReplyWithin, not scaled), so it falls overdue in a test.
/// </summary>
public sealed class FastSlaSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Sla__TargetScale"] = "0.002",
    ["Sla__FeedbackWindow"] = "PT30M",
    ["Supervision__ReplyWithin"] = "00:00:05",
});

/// <summary>
/// The SLA over the real bus: warnings, breaches that open supervision orders (督办单) and, for the items that
/// escalate on a breach, escalations; claims in time, the feedback window, crashes.
/// </summary>
public sealed class SlaTests(FastSlaSystem system) : IClassFixture<FastSlaSystem>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_case_not_claimed_in_time_stays_with_its_unit_under_one_supervision_order_which_the_claim_meets()
    {
        using var supervisor = system.As("supervisor", RunningSystem.District);
        using var liaison = system.As("liaison", "SW");
        var routed = await RoutedWaterCaseAsync();

        var ordered = await Eventually.GetAsync(() => CaseAsync(routed.Id), state => state.GetProperty("supervisionOrderCount").GetInt32() > 0, Patience, "the supervision order");

        Assert.Equal(("routed", "department", "SW"), (ordered.GetProperty("status").GetString(), ordered.GetProperty("assignment").GetProperty("level").GetString(), ordered.GetProperty("assignment").GetProperty("unitCode").GetString()));
        var order = Assert.Single(ordered.GetProperty("supervisionOrders").EnumerateArray());
        Assert.Equal(("response", "SW", "open"), (order.GetProperty("deadlineKind").GetString(), order.GetProperty("unitCode").GetString(), order.GetProperty("state").GetString()));
        var events = await HistoryAsync(routed.Id);
        Assert.Equal(["sla_warned", "sla_breach_recorded", "supervision_ordered"], events.Skip(2).Take(3));
        Assert.DoesNotContain("case_escalated", events);

        // The board shows the order, and that the unit let it fall overdue too.
        var board = await Eventually.GetAsync(
            () => supervisor.GetFromJsonAsync<JsonElement>("/api/overdue?limit=200"),
            found => OnBoard(found, routed.Id) is { } entry && entry.GetProperty("supervisionOrders")[0].GetProperty("overdue").GetBoolean(),
            Patience,
            "the order to fall overdue on the board");
        Assert.True(board.GetProperty("overdueOrders").GetInt32() >= 1);
        var overdue = await supervisor.GetFromJsonAsync<JsonElement>("/api/cases?overdue=true&limit=100");
        var onTime = await supervisor.GetFromJsonAsync<JsonElement>("/api/cases?overdue=false&limit=100");
        Assert.Contains(routed.Id, overdue.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(routed.Id, onTime.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()));

        // Supervisors urge (催办); the unit pressed may not urge itself.
        var version = (await CaseAsync(routed.Id)).GetProperty("version").GetInt64();
        using var selfUrged = await liaison.SendAsync(routed.Id, "urge", new { note = "自己催自己" }, version);
        Assert.Equal(HttpStatusCode.Forbidden, selfUrged.StatusCode);
        var urged = await supervisor.DoAsync(routed.Id, "urge", new { note = "请立即认领并安排抢修" }, version);
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, urged.Version);

        var settled = await CaseAsync(routed.Id);
        Assert.Equal(("claimed", 1, 1), (claimed.Status, settled.GetProperty("urgeCount").GetInt32(), settled.GetProperty("supervisionOrderCount").GetInt32()));
        Assert.Equal("met", Assert.Single(settled.GetProperty("supervisionOrders").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal(["case_urged", "case_claimed"], (await HistoryAsync(routed.Id))[^2..]);
        var deadlines = await DeadlinesAsync(routed.Id);
        Assert.Equal(("SW", "breached"), Describe(Assert.Single(deadlines, deadline => deadline.GetProperty("kind").GetString() == "response")));
    }

    [Fact]
    public async Task A_gas_leak_not_claimed_in_time_is_still_escalated_and_the_next_level_gets_a_deadline()
    {
        var logged = await system.LogCallAsync(Calls.Valid("ENERGY-01", "楼道燃气味很重"));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);

        var escalated = await Eventually.GetAsync(() => CaseAsync(routed.Id), state => state.GetProperty("assignment").GetProperty("level").GetString() == "district", Patience, "the escalation");

        Assert.Equal("LW", escalated.GetProperty("assignment").GetProperty("unitCode").GetString());
        var events = await HistoryAsync(routed.Id);
        Assert.Equal(["sla_warned", "sla_breach_recorded", "case_escalated"], events.Skip(2).Take(3)); // no order for RQ
        var deadlines = await Eventually.GetAsync(
            () => DeadlinesAsync(routed.Id),
            found => found.Count(deadline => deadline.GetProperty("kind").GetString() == "response") >= 2,
            Patience,
            "the district's response deadline");
        Assert.Equal(("RQ", "breached"), Describe(deadlines.First(deadline => deadline.GetProperty("kind").GetString() == "response")));
        Assert.Contains(deadlines, deadline => Describe(deadline) is ("LW", "pending" or "warned" or "breached"));
    }

    [Fact]
    public async Task A_case_claimed_in_time_is_neither_supervised_nor_escalated()
    {
        using var liaison = system.As("liaison", "SW");
        var routed = await RoutedWaterCaseAsync();
        await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);

        await Task.Delay(TimeSpan.FromSeconds(6)); // past the response deadline it would have had

        Assert.DoesNotContain("case_escalated", await HistoryAsync(routed.Id));
        Assert.DoesNotContain("supervision_ordered", await HistoryAsync(routed.Id));
        var response = (await DeadlinesAsync(routed.Id)).Single(deadline => deadline.GetProperty("kind").GetString() == "response");
        Assert.Equal(("SW", "met"), Describe(response));
        Assert.Equal("SW", (await CaseAsync(routed.Id)).GetProperty("assignment").GetProperty("unitCode").GetString());
    }

    [Fact]
    public async Task A_resolved_case_without_feedback_closes_when_the_window_lapses()
    {
        using var liaison = system.As("liaison", "SW");
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);
        await liaison.DoAsync(routed.Id, "resolve", new { summary = "已修复" }, claimed.Version);

        var closed = await Eventually.GetAsync(() => CaseAsync(routed.Id), state => state.GetProperty("status").GetString() == "closed", Patience, "the case to close");

        Assert.Equal(JsonValueKind.Null, closed.GetProperty("satisfied").ValueKind);
        Assert.Equal("case_closed", (await HistoryAsync(routed.Id))[^1]);
    }

    [Fact]
    public async Task Deadlines_pending_when_the_sla_service_is_killed_fire_once_after_it_restarts()
    {
        var cases = new List<CaseState>();
        for (var n = 0; n < 5; n++)
        {
            cases.Add(await RoutedWaterCaseAsync());
        }

        await Eventually.GetAsync(
            async () => await Task.WhenAll(cases.Select(found => DeadlinesAsync(found.Id))),
            all => all.All(deadlines => deadlines.Length > 0),
            Patience,
            "every case's deadlines to be set");
        system.Service("sla").Kill();
        await Task.Delay(TimeSpan.FromSeconds(5)); // the deadlines fall due while the service is down
        await system.Service("sla").StartAsync();

        foreach (var found in cases)
        {
            await Eventually.GetAsync(() => HistoryAsync(found.Id), events => events.Contains("supervision_ordered"), Patience, $"case {found.Id} to be supervised");
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a double firing to show
        foreach (var found in cases)
        {
            var events = await HistoryAsync(found.Id);
            Assert.Single(events, name => name == "supervision_ordered");
            Assert.Equal(1, (await CaseAsync(found.Id)).GetProperty("supervisionOrderCount").GetInt32());
            Assert.Equal(1L, await system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where stream_id = $1 and type = 'sla_breach_recorded' and data->>'UnitCode' = 'SW'", found.Id));
        }
    }

    private static JsonElement? OnBoard(JsonElement board, Guid id) =>
        board.GetProperty("cases").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(found => found!.Value.GetProperty("id").GetGuid() == id);

    private static (string? Unit, string? State) Describe(JsonElement deadline) =>
        (deadline.GetProperty("unit").GetString(), deadline.GetProperty("state").GetString());

    private async Task<CaseState> RoutedWaterCaseAsync()
    {
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂"));
        return await system.WaitUntilRoutedAsync(logged.CaseId);
    }

    private async Task<JsonElement> CaseAsync(Guid id) => await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    private async Task<string[]> HistoryAsync(Guid id) =>
        (await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history"))!.Select(entry => entry.GetProperty("event").GetString()!).ToArray();

    private async Task<JsonElement[]> DeadlinesAsync(Guid id)
    {
        using var response = await system.Gateway.GetAsync($"/api/cases/{id}/deadlines");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray().ToArray() : [];
    }
}
