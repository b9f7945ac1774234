using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>GET /api/cases: what the caller may see, filtered, paged by cursor without gaps or repeats.</summary>
[Collection(SystemCollection.Name)]
public sealed class ListingCasesTests(RunningSystem system)
{
    [Fact]
    public async Task Pages_by_cursor_cover_every_match_once()
    {
        var item = "HEALTH-02"; // 蚊媒孳生: community level, so these cases are easy to tell apart
        var logged = new List<Guid>();
        for (var n = 0; n < 7; n++)
        {
            logged.Add((await system.LogCallAsync(Calls.Valid(item, $"积水孳生蚊虫 {n}"))).CaseId);
        }

        foreach (var id in logged)
        {
            await system.WaitUntilRoutedAsync(id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases?item={item}&limit=3&withTotal=true{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            Assert.Equal(logged.Count, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(logged.OrderBy(id => id), seen.OrderBy(id => id));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_liaison_lists_only_the_departments_cases_and_filters_combine()
    {
        var water = (await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂"))).CaseId;
        var rubbish = (await system.LogCallAsync(Calls.Valid("CITY-01", "垃圾堆积"))).CaseId;
        await system.WaitUntilRoutedAsync(water);
        await system.WaitUntilRoutedAsync(rubbish);
        using var liaison = system.As("liaison", "SW");

        var mine = await liaison.GetFromJsonAsync<JsonElement>("/api/cases?status=routed&limit=100");
        var urgentWater = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/cases?category=WATER&urgency=urgent&street=LW-HL&limit=100");

        var mineIds = mine.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(water, mineIds);
        Assert.DoesNotContain(rubbish, mineIds);
        Assert.All(mine.GetProperty("cases").EnumerateArray(), found => Assert.Equal("SW", found.GetProperty("assignment").GetProperty("unitCode").GetString()));
        Assert.Contains(water, urgentWater.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Time_filters_take_any_offset()
    {
        using var response = await system.Gateway.GetAsync($"/api/cases?loggedFrom={Uri.EscapeDataString("2026-01-01T00:00:00+08:00")}&limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("sort=name", "sort")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("loggedFrom=2026-12-01T00:00:00Z&loggedTo=2026-11-01T00:00:00Z", "loggedFrom")]
    public async Task A_bad_filter_is_a_problem_naming_it(string query, string field)
    {
        using var response = await system.Gateway.GetAsync($"/api/cases?{query}");

        await Problems.AssertNamesFieldAsync(response, field);
    }
}
