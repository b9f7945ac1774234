using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>回访 is independent of the units rated: feedback agents (回访员) or the resident through a one-time link.</summary>
[Collection(SystemCollection.Name)]
public sealed class ResidentFeedbackTests(RunningSystem system)
{
    [Fact]
    public async Task A_unit_cannot_record_feedback_on_its_own_case_and_a_feedback_agent_can()
    {
        // CITY-04 is handled at the grid: the grid worker resolves it, so it may not rate it.
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        using var dispatcher = system.As("community-dispatcher", "LW-HL-01");
        using var callBack = system.As("feedback-agent", "LW-HL");
        var logged = await system.LogCallAsync(Calls.Valid("CITY-04", "楼道堆放杂物"), client: gridWorker);
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        Assert.Equal("grid", routed.Assignment!.Level);
        var claimed = await gridWorker.DoAsync(routed.Id, "claim", new { }, routed.Version);
        var resolved = await gridWorker.DoAsync(routed.Id, "resolve", new { summary = "已清理" }, claimed.Version);
        var body = new { satisfaction = "satisfied", resolved = true };

        using var byItself = await gridWorker.SendAsync(routed.Id, "feedback", body, resolved.Version);
        using var byItsCommunity = await dispatcher.SendAsync(routed.Id, "feedback", body, resolved.Version);
        var byAgent = await callBack.DoAsync(routed.Id, "feedback", new { satisfaction = "basically-satisfied", resolved = false }, resolved.Version);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (byItself.StatusCode, byItsCommunity.StatusCode));
        Assert.Equal("resolved", byAgent.Status); // basically satisfied: not reopened
        var history = await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{routed.Id}/history");
        Assert.Contains("基本满意", history![^1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_resident_answers_once_through_a_one_time_link_without_signing_in()
    {
        using var liaison = system.As("liaison", "SW");
        using var callBack = system.As("feedback-agent", RunningSystem.District);
        using var resident = system.Anonymous();
        var resolved = await ResolvedWaterCaseAsync(liaison);

        using var byUnit = await liaison.PostAsync($"/api/cases/{resolved.Id}/feedback-links", null);
        using var created = await callBack.PostAsync($"/api/cases/{resolved.Id}/feedback-links", null);
        var link = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = link.GetProperty("path").GetString()!.Split('/')[^1];
        var about = await resident.PostAsJsonAsync("/api/resident-feedback/lookup", new { token });
        var view = await about.Content.ReadFromJsonAsync<JsonElement>();
        using var incomplete = await resident.PostAsJsonAsync("/api/resident-feedback", new { token, satisfaction = "dissatisfied" });
        using var answered = await resident.PostAsJsonAsync("/api/resident-feedback", new { token, satisfaction = "dissatisfied", resolved = false, comment = "仍在漏水" });
        using var again = await resident.PostAsJsonAsync("/api/resident-feedback", new { token, satisfaction = "satisfied", resolved = true });
        using var unknown = await resident.PostAsJsonAsync("/api/resident-feedback/lookup", new { token = "not-a-token" });

        Assert.Equal(HttpStatusCode.Forbidden, byUnit.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, about.StatusCode);
        Assert.Equal(("WATER-01", "更换破损管段"), (view.GetProperty("itemCode").GetString(), view.GetProperty("resolutionSummary").GetString()));
        await Problems.AssertNamesFieldAsync(incomplete, "resolved");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True((await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reopened").GetBoolean());
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.NotFound), (again.StatusCode, unknown.StatusCode));
        var state = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{resolved.Id}");
        Assert.Equal(("claimed", "SW"), (state.GetProperty("status").GetString(), state.GetProperty("assignment").GetProperty("unitCode").GetString()));
        var history = await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{resolved.Id}/history");
        Assert.Contains(history!, entry => entry.GetProperty("event").GetString() == "feedback_given" && entry.GetProperty("by").GetString() == "resident:link");
    }

    private async Task<CaseState> ResolvedWaterCaseAsync(HttpClient liaison)
    {
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂"));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);
        return await liaison.DoAsync(routed.Id, "resolve", new { summary = "更换破损管段" }, claimed.Version);
    }
}
