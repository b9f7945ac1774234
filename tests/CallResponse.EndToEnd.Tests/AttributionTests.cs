using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A system whose deadlines and return windows run 200 times faster (Sla:TargetScale, Returns:Scale): a 30-minute
/// response target (and return window) becomes 9 s, a 4-hour resolution target 72 s, a one-hour feedback window 18 s.
/// </summary>
public sealed class AttributionSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Sla__TargetScale"] = "0.005",
    ["Sla__FeedbackWindow"] = "PT1H",
    ["Returns__Scale"] = "0.005",
});

/// <summary>
/// Each unit is charged for its own part of a case (src/docs/measures.md, "Attribution"), over HTTP as a client
/// sees it. Only this class's cases are in its system, so every unit's row is this history's alone.
/// </summary>
public sealed class AttributionTests(AttributionSystem system) : IClassFixture<AttributionSystem>
{
    private const string Grid = "LW-ZN-01-G01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_case_returned_escalated_after_a_breach_reassigned_and_reopened_charges_each_unit_its_part()
    {
        using var environment = system.As("liaison", "HB");
        using var justice = system.As("liaison", "SF");
        using var emergency = system.As("liaison", "YJ");
        using var dispatcher = system.As("street-dispatcher", "LW-ZN");
        using var supervisor = system.As("supervisor", RunningSystem.District);
        using var callBack = system.As("feedback-agent", RunningSystem.District);
        var logged = await system.LogCallAsync(
            new { itemCode = "ENV-01", gridCode = Grid, description = "工地夜间施工噪声", channel = "phone" });
        var state = await system.WaitUntilRoutedAsync(logged.CaseId);
        var id = state.Id;

        // 区环保局 returns it; the street's desk gives it to 区司法局, which lets its response deadline pass and
        // then escalates it; the district gives it to 区应急局, which resolves it twice (the resident was not
        // satisfied the first time) and it closes.
        state = await environment.DoAsync(id, "return", new { reasonCode = "not-our-duty", reason = "属邻里纠纷调解" }, state.Version);
        state = await dispatcher.DoAsync(
            id, "route", new { level = "department", department = "SF", reason = "调解纠纷" }, state.Version);
        await Eventually.GetAsync(
            async () => string.Join("; ", (await DeadlinesAsync(id)).Select(deadline => Describe(deadline).ToString())),
            deadlines => deadlines.Contains("(response, SF, breached)", StringComparison.Ordinal),
            Patience,
            "the justice bureau's response deadline to pass");
        // The breach keeps the case with 区司法局 under a supervision order (督办单); a supervisor urges it (催办).
        var supervised = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{id}"),
            found => found.GetProperty("supervisionOrderCount").GetInt32() == 1,
            Patience,
            "the supervision order");
        Assert.Equal("SF", supervised.GetProperty("assignment").GetProperty("unitCode").GetString());
        state = await supervisor.DoAsync(id, "urge", new { note = "请立即认领" }, supervised.GetProperty("version").GetInt64());
        state = await justice.DoAsync(id, "escalate", new { reason = "需区级协调" }, state.Version);
        state = await supervisor.DoAsync(
            id, "reassign", new { level = "department", department = "YJ", reason = "涉及安全生产" }, state.Version);
        state = await emergency.DoAsync(id, "claim", new { }, state.Version);
        state = await emergency.DoAsync(id, "resolve", new { summary = "已责令停工" }, state.Version);
        state = await callBack.DoAsync(id, "feedback", new { satisfaction = "dissatisfied", resolved = false }, state.Version);
        state = await emergency.DoAsync(id, "resolve", new { summary = "已立案处罚" }, state.Version);
        state = await callBack.DoAsync(id, "feedback", new { satisfaction = "satisfied", resolved = true }, state.Version);
        await dispatcher.DoAsync(id, "close", new { }, state.Version);

        await TotalsCaughtUpAsync();
        var measures = await MeasuresAsync("department");
        var deadlines = await DeadlinesAsync(id);

        // 区环保局: given it, claimed nothing, returned it.
        AssertRates(Row(measures, "HB"), new() { ["responseRate"] = 0, ["closureRate"] = 0, ["returnRate"] = 1, ["escalationRate"] = 0 });
        // 区司法局: given it, let the response deadline pass (督办, 催办), passed it up.
        AssertRates(Row(measures, "SF"), new() { ["responseRate"] = 0, ["onTimeResponseRate"] = 0, ["closureRate"] = 0, ["returnRate"] = 0, ["escalationRate"] = 1, ["supervisionRate"] = 1, ["urgeRate"] = 1 });
        // 区应急局: its own part only: claimed and closed it, reopened once, the resident satisfied in the end.
        AssertRates(Row(measures, "YJ"), new()
        {
            ["responseRate"] = 1,
            ["onTimeResponseRate"] = deadlines.Any(deadline => Describe(deadline) == ("response", "YJ", "breached")) ? 0 : 1,
            ["closureRate"] = 1,
            ["onTimeClosureRate"] = deadlines.Any(deadline => Describe(deadline) == ("resolution", "YJ", "breached")) ? 0 : 1,
            ["satisfactionRate"] = 1,
            ["returnRate"] = 0,
            ["escalationRate"] = 0,
            ["urgeRate"] = 0,
            ["reopenRate"] = 1,
        });
        Assert.All(["HB", "SF", "YJ"], unit => Assert.Equal(0, Row(measures, unit)!.Value.GetProperty("open").GetInt64()));
        // The case as a whole: returned and escalated once, closed.
        // Its street's supervisor sees the street's cases: this one alone (the other history is in another street).
        var district = (await MeasuresAsync("department", system.As("supervisor", "LW-ZN")))
            .GetProperty("district").EnumerateArray().Single();
        AssertRates(district, new() { ["responseRate"] = 1, ["closureRate"] = 1, ["returnRate"] = 1, ["escalationRate"] = 1, ["reopenRate"] = 1 });
        // The street's triage desk and the district's supervision desk passed it on: neither is charged.
        Assert.Empty((await MeasuresAsync("street")).GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public async Task A_department_gaming_its_figures_is_charged_for_every_move_and_the_next_holders_are_not()
    {
        using var water = system.As("liaison", "SW");
        using var urban = system.As("liaison", "CG");
        using var dispatcher = system.As("street-dispatcher", "LW-HL");
        using var supervisor = system.As("supervisor", RunningSystem.District);
        var (late, inTime, breached, escalated) =
            (await WaterCaseAsync(), await WaterCaseAsync(), await WaterCaseAsync(), await WaterCaseAsync());

        // In time: a return the desk finds unfounded (驳回), and an escalation by hand the district passes on.
        var returned = await water.DoAsync(inTime.Id, "return", new { reasonCode = "not-our-duty", reason = "属物业" }, inTime.Version);
        var rejected = await dispatcher.DoAsync(inTime.Id, "reject-return", new { note = "市政供水管，属水务" }, returned.Version);
        await water.DoAsync(inTime.Id, "claim", new { }, rejected.Version);
        var up = await water.DoAsync(escalated.Id, "escalate", new { reason = "请区里协调" }, escalated.Version);
        var passedOn = await supervisor.DoAsync(escalated.Id, "reassign", new { level = "department", department = "CG", reason = "改派城管" }, up.Version);
        var claimed = await urban.DoAsync(escalated.Id, "claim", new { }, passedOn.Version);
        await urban.DoAsync(escalated.Id, "resolve", new { summary = "已修复" }, claimed.Version);

        // Late: the return window (the 9 s response target) has closed, and the breach opens a supervision order.
        var order = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{breached.Id}"),
            found => found.GetProperty("supervisionOrderCount").GetInt32() > 0,
            Patience,
            "the supervision order on the breached case");
        var current = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{late.Id}");
        using var refused = await water.SendAsync(late.Id, "return", new { reasonCode = "not-our-duty", reason = "属物业" }, current.GetProperty("version").GetInt64());
        await water.DoAsync(late.Id, "claim", new { }, current.GetProperty("version").GetInt64());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("退单时限已过", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(("department", "SW"), (order.GetProperty("assignment").GetProperty("level").GetString(), order.GetProperty("assignment").GetProperty("unitCode").GetString()));
        await TotalsCaughtUpAsync();
        var measures = await MeasuresAsync("department");
        var sw = Row(measures, "SW")!.Value;
        Assert.Equal(4, sw.GetProperty("assigned").GetInt64());
        Assert.Equal(0.25, sw.GetProperty("returnRate").GetDouble());        // the rejected return still counts
        Assert.Equal(0.25, sw.GetProperty("escalationRate").GetDouble());    // the hand escalation
        Assert.True(sw.GetProperty("supervisionRate").GetDouble() >= 0.5);   // the breached and the late one, at least
        Assert.Equal(0.5, sw.GetProperty("responseRate").GetDouble());      // claimed: the late and the rejected return
        Assert.Equal(0, sw.GetProperty("closureRate").GetDouble());
        Assert.Equal(3, sw.GetProperty("open").GetInt64());                 // it kept all but the escalated one
        // The next holder is judged on its own part only.
        AssertRates(Row(measures, "CG"), new()
        {
            ["responseRate"] = 1, ["closureRate"] = 1, ["returnRate"] = 0, ["escalationRate"] = 0, ["supervisionRate"] = 0,
        });
    }

    private async Task<CaseState> WaterCaseAsync()
    {
        var logged = await system.LogCallAsync(
            new { itemCode = "WATER-01", gridCode = "LW-HL-01-G01", description = "市政供水管漏水", channel = "phone" });
        return await system.WaitUntilRoutedAsync(logged.CaseId);
    }

    /// <summary>The totals follow the events a moment later: they are read once they agree with every case.</summary>
    private Task TotalsCaughtUpAsync() => Eventually.GetAsync(
        async () => (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/admin/read-models/measures/check"))
            .GetProperty("differences").GetInt64(),
        differences => differences == 0,
        Patience,
        "the measure totals to count every case");

    private static void AssertRates(JsonElement? row, Dictionary<string, double> expected)
    {
        Assert.NotNull(row);
        Assert.Equal(1, row.Value.GetProperty("assigned").GetInt64());
        Assert.Equal(expected, expected.Keys.ToDictionary(name => name, name => row.Value.GetProperty(name).GetDouble()));
    }

    private static JsonElement? Row(JsonElement measures, string unit) =>
        measures.GetProperty("rows").EnumerateArray().Where(found => found.GetProperty("unit").GetString() == unit).Cast<JsonElement?>().SingleOrDefault();

    private async Task<JsonElement> MeasuresAsync(string by, HttpClient? client = null)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        using var reader = client;
        return await (client ?? system.Gateway).GetFromJsonAsync<JsonElement>(
            $"/api/measures?by={by}&granularity=range&from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
    }

    private async Task<JsonElement[]> DeadlinesAsync(Guid id)
    {
        using var response = await system.Gateway.GetAsync($"/api/cases/{id}/deadlines");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray().ToArray() : [];
    }

    private static (string?, string?, string?) Describe(JsonElement deadline) =>
        (deadline.GetProperty("kind").GetString(), deadline.GetProperty("unit").GetString(), deadline.GetProperty("state").GetString());
}
