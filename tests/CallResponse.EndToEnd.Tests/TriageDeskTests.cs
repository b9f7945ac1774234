using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>What no rule places waits at the street's triage desk; a dispatcher routes it by hand.</summary>
[Collection(SystemCollection.Name)]
public sealed class TriageDeskTests(RunningSystem system)
{
    // HOUSE-02 (无物业小区管理缺位) goes to the street's desk by the shipped rule unmanaged-compound-triage.
    private const string TriagedItem = "HOUSE-02";

    [Fact]
    public async Task A_case_at_the_triage_desk_is_routed_by_hand_and_leaves_the_desk()
    {
        var logged = await system.LogCallAsync(Calls.Valid(TriagedItem, "物业撤场后垃圾堆积，无人管理"));
        var waiting = await system.WaitUntilRoutedAsync(logged.CaseId);
        Assert.Equal(("triage-desk", "LW-HL", "rule.unmanaged-compound-triage"), (waiting.Assignment!.Level, waiting.Assignment.UnitCode, waiting.RuleId));
        Assert.Contains(logged.CaseId, await DeskAsync("LW-HL"));

        using var dispatcher = system.As("street-dispatcher", "LW-HL", "zhang.wei");
        using var response = await RouteAsync(logged.CaseId, waiting.Version, new { level = "street", assisting = new[] { "ZJ" }, reason = "街道统筹住建、城管联合处置" }, dispatcher);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var routed = (await response.Content.ReadFromJsonAsync<CaseState>())!;
        Assert.Equal(("street", "LW-HL", "manual"), (routed.Assignment!.Level, routed.Assignment.UnitCode, routed.RuleId));
        Assert.Equal(ETagOf(routed.Version), response.Headers.ETag?.Tag);
        Assert.DoesNotContain(logged.CaseId, await DeskAsync("LW-HL"));
        var history = (await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history"))!;
        Assert.Equal("street-dispatcher:LW-HL:zhang.wei", history[^1].GetProperty("by").GetString());
        Assert.Contains("街道统筹住建、城管联合处置", history[^1].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_stale_or_missing_etag_changes_nothing()
    {
        var logged = await system.LogCallAsync(Calls.Valid(TriagedItem));
        var waiting = await system.WaitUntilRoutedAsync(logged.CaseId);
        var choice = new { level = "street", reason = "街道统筹" };

        using var stale = await RouteAsync(logged.CaseId, waiting.Version - 1, choice);
        using var missing = await RouteAsync(logged.CaseId, null, choice);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(waiting.Version, (await system.WaitUntilRoutedAsync(logged.CaseId)).Version);
    }

    [Fact]
    public async Task A_bad_choice_is_refused_with_the_field_and_changes_nothing()
    {
        var logged = await system.LogCallAsync(Calls.Valid(TriagedItem));
        var waiting = await system.WaitUntilRoutedAsync(logged.CaseId);

        using var response = await RouteAsync(logged.CaseId, waiting.Version, new { level = "department", department = "NOPE", reason = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("department", out _));
        Assert.Equal(waiting.Version, (await system.WaitUntilRoutedAsync(logged.CaseId)).Version);
    }

    [Fact]
    public async Task Only_a_case_at_a_triage_desk_is_routed_by_hand()
    {
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01"));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);

        using var response = await RouteAsync(logged.CaseId, routed.Version, new { level = "street", reason = "改派" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Routing_refuses_to_send_a_negative_list_item_to_a_community()
    {
        using var response = await system.Gateway.PostAsJsonAsync("/api/routing/manual-decisions", new
        {
            itemCode = "CITY-02", gridCode = Calls.Grid, level = "community", reason = "社区处理",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("禁止进入社区事项", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static string ETagOf(long version) => $"\"{version}\"";

    private async Task<List<Guid>> DeskAsync(string street)
    {
        var desk = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/triage-desks/{street}/cases");
        return desk.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()).ToList();
    }

    private async Task<HttpResponseMessage> RouteAsync(Guid caseId, long? version, object choice, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/route") { Content = JsonContent.Create(choice) };
        if (version is { } known)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ETagOf(known)));
        }

        return await (client ?? system.Gateway).SendAsync(request);
    }
}
