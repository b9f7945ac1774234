using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A system whose deadlines run 200 times faster (Sla:TargetScale): ENV-01's 30-minute response target becomes
/// 9 s, its 4-hour resolution target 72 s, a one-hour feedback window 18 s.
/// </summary>
public sealed class AttributionSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Sla__TargetScale"] = "0.005",
    ["Sla__FeedbackWindow"] = "PT1H",
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
            () => DeadlinesAsync(id),
            deadlines => deadlines.Any(deadline => Describe(deadline) == ("response", "SF", "breached")),
            Patience,
            "the justice bureau's response deadline to pass");
        var version = (await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{id}")).GetProperty("version");
        state = await justice.DoAsync(id, "escalate", new { reason = "需区级协调" }, version.GetInt64());
        state = await supervisor.DoAsync(
            id, "reassign", new { level = "department", department = "YJ", reason = "涉及安全生产" }, state.Version);
        state = await emergency.DoAsync(id, "claim", new { }, state.Version);
        state = await emergency.DoAsync(id, "resolve", new { summary = "已责令停工" }, state.Version);
        state = await dispatcher.DoAsync(id, "feedback", new { satisfied = false }, state.Version);
        state = await emergency.DoAsync(id, "resolve", new { summary = "已立案处罚" }, state.Version);
        state = await dispatcher.DoAsync(id, "feedback", new { satisfied = true }, state.Version);
        await dispatcher.DoAsync(id, "close", new { }, state.Version);

        var measures = await Eventually.GetAsync(
            () => MeasuresAsync("department"),
            found => Row(found, "YJ") is { } settled && settled.GetProperty("closureRate").ValueKind != JsonValueKind.Null
                && settled.GetProperty("closureRate").GetDouble() == 1,
            Patience,
            "the measures to count the closed case");
        var deadlines = await DeadlinesAsync(id);

        // 区环保局: given it, claimed nothing, returned it.
        AssertRates(Row(measures, "HB"), new() { ["responseRate"] = 0, ["closureRate"] = 0, ["returnRate"] = 1, ["escalationRate"] = 0 });
        // 区司法局: given it, let the response deadline pass, passed it up.
        AssertRates(Row(measures, "SF"), new() { ["responseRate"] = 0, ["onTimeResponseRate"] = 0, ["closureRate"] = 0, ["returnRate"] = 0, ["escalationRate"] = 1 });
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
            ["reopenRate"] = 1,
        });
        Assert.All(measures.GetProperty("rows").EnumerateArray(), row => Assert.Equal(0, row.GetProperty("open").GetInt64()));
        // The case as a whole: returned and escalated once, closed.
        var district = measures.GetProperty("district").EnumerateArray().Single();
        AssertRates(district, new() { ["responseRate"] = 1, ["closureRate"] = 1, ["returnRate"] = 1, ["escalationRate"] = 1, ["reopenRate"] = 1 });
        // The street's triage desk and the district's supervision desk passed it on: neither is charged.
        Assert.Empty((await MeasuresAsync("street")).GetProperty("rows").EnumerateArray());
    }

    private static void AssertRates(JsonElement? row, Dictionary<string, double> expected)
    {
        Assert.NotNull(row);
        Assert.Equal(1, row.Value.GetProperty("assigned").GetInt64());
        Assert.Equal(expected, expected.Keys.ToDictionary(name => name, name => row.Value.GetProperty(name).GetDouble()));
    }

    private static JsonElement? Row(JsonElement measures, string unit) =>
        measures.GetProperty("rows").EnumerateArray().Where(found => found.GetProperty("unit").GetString() == unit).Cast<JsonElement?>().SingleOrDefault();

    private async Task<JsonElement> MeasuresAsync(string by)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        return await system.Gateway.GetFromJsonAsync<JsonElement>(
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
