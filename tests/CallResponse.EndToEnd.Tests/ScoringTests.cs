using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// The assessment rules (考核办法) over HTTP: a published quarter names its rules and ranks departments, streets and
/// communities; a unit below the rules' minimum sample (5 assigned cases in the shipped rules) is not ranked; a
/// unit sees its score case by case (src/docs/measures.md, "Rankings", "Quarterly scores").
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ScoringTests(RunningSystem system)
{
    // No other test logs calls in 多宝街道: its units' rows are these tests' alone.
    private const string Street = "LW-DB";
    private const string Ranked = "LW-DB-01";
    private const string TooFew = "LW-DB-02";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_published_quarter_names_its_rules_and_ranks_streets_and_communities_but_not_a_small_sample()
    {
        // 生活垃圾 (CITY-01) is the community's: five cases in one community, one in another; the street answers
        // for all six.
        var cases = new List<CaseState>();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(await RoutedAsync("CITY-01", $"{Ranked}-G01"));
        }

        await RoutedAsync("CITY-01", $"{TooFew}-G01");
        using var community = system.As("community-dispatcher", Ranked);
        var claimed = await community.DoAsync(cases[0].Id, "claim", new { }, cases[0].Version);
        await community.DoAsync(cases[0].Id, "resolve", new { summary = "已清运" }, claimed.Version);

        var (from, to) = ThisQuarter();
        await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<JsonElement>($"/api/rankings?by=community&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"),
            ranking => Unit(ranking, "units", Ranked) is { } unit && unit.GetProperty("assigned").GetInt64() == 5
                && unit.GetProperty("rates").GetProperty("onTimeClosureRate").GetDouble() > 0
                && Unit(ranking, "unranked", TooFew) is not null,
            Patience,
            "the rankings to count the street's cases");

        using var response = await system.Gateway.PostAsync($"/api/scores/{Quarter()}", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var published = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("2026.1", published.GetProperty("rulesVersion").GetString());
        Assert.Equal(5, published.GetProperty("rules").GetProperty("minimumAssigned").GetInt32());
        var rankings = published.GetProperty("rankings").EnumerateArray().ToDictionary(ranking => ranking.GetProperty("by").GetString()!);
        Assert.Equal(new[] { "department", "street", "community" }, rankings.Keys.ToArray());
        Assert.All(rankings.Values, ranking => Assert.Equal("2026.1", ranking.GetProperty("rulesVersion").GetString()));
        Assert.Equal(
            new[] { ("onTimeResponseRate", 0.4), ("onTimeClosureRate", 0.4), ("satisfactionRate", 0.2) },
            rankings["community"].GetProperty("components").EnumerateArray().Select(component => (component.GetProperty("measure").GetString()!, component.GetProperty("weight").GetDouble())).ToArray());
        Assert.Equal(6, Unit(rankings["street"], "units", Street)!.Value.GetProperty("assigned").GetInt64());
        var ranked = Unit(rankings["community"], "units", Ranked)!.Value;
        Assert.True(ranked.GetProperty("rank").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Number, ranked.GetProperty("score").ValueKind);
        // One case is too few to rank a community on: listed apart, with no rank or score.
        var tooFew = Unit(rankings["community"], "unranked", TooFew)!.Value;
        Assert.Equal("insufficient-sample", tooFew.GetProperty("unranked").GetString());
        Assert.Equal(JsonValueKind.Null, tooFew.GetProperty("rank").ValueKind);
        Assert.Equal(JsonValueKind.Null, tooFew.GetProperty("score").ValueKind);
        Assert.Null(Unit(rankings["community"], "units", TooFew));

        // The frozen version reads back as published, and its CSV has a line per unit with its dimension and rules.
        var version = published.GetProperty("version").GetInt32();
        var frozen = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/scores/{Quarter()}/versions/{version}");
        Assert.Equal(Scores(published), Scores(frozen));
        Assert.Equal("2026.1", frozen.GetProperty("rulesVersion").GetString());
        var csv = System.Text.Encoding.UTF8.GetString((await system.Gateway.GetByteArrayAsync($"/api/scores/{Quarter()}/versions/{version}?format=csv"))[3..]);
        Assert.StartsWith("by,rank,unit,score,assigned,on_time_response_rate,on_time_closure_rate,satisfaction_rate,unranked,from,to,rules_version", csv, StringComparison.Ordinal);
        Assert.Contains($"community,,{TooFew},,1,", csv, StringComparison.Ordinal);

        // The community sees why: the case it claimed and resolved, counted as such, among its five.
        using var supervisor = system.As("supervisor", Street);
        var breakdown = await supervisor.GetFromJsonAsync<JsonElement>($"/api/rankings/{Ranked}/cases?by=community&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.Equal("2026.1", breakdown.GetProperty("rulesVersion").GetString());
        Assert.Equal(5, breakdown.GetProperty("total").GetInt64());
        Assert.Equal(1, breakdown.GetProperty("totals").GetProperty("resolved").GetInt64());
        var first = breakdown.GetProperty("cases").EnumerateArray().Single(found => found.GetProperty("caseId").GetGuid() == cases[0].Id);
        Assert.Equal(cases[0].TrackingNumber, first.GetProperty("trackingNumber").GetString());
        Assert.Equal("CITY-01", first.GetProperty("itemCode").GetString());
        Assert.Equal(
            new Dictionary<string, long> { ["assigned"] = 1, ["responded"] = 1, ["resolved"] = 1, ["returned"] = 0, ["escalated"] = 0, ["relieved"] = 0, ["open"] = 0 },
            new[] { "assigned", "responded", "resolved", "returned", "escalated", "relieved", "open" }.ToDictionary(name => name, name => first.GetProperty("counts").GetProperty(name).GetInt64()));
        Assert.False(first.TryGetProperty("description", out _)); // what the resident said stays out

        // Filtered to the cases not yet claimed, a page of two, then the next.
        var open = await supervisor.GetFromJsonAsync<JsonElement>($"/api/rankings/{Ranked}/cases?by=community&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&notCounted=responded&limit=2&offset=2");
        Assert.Equal(4, open.GetProperty("total").GetInt64());
        Assert.Equal(2, open.GetProperty("cases").GetArrayLength());
        Assert.DoesNotContain(open.GetProperty("cases").EnumerateArray(), found => found.GetProperty("caseId").GetGuid() == cases[0].Id);
        // Another street's supervisor sees none of them: the same scope as the measures.
        using var elsewhere = system.As("supervisor", "LW-HL");
        Assert.Equal(0, (await elsewhere.GetFromJsonAsync<JsonElement>($"/api/rankings/{Ranked}/cases?by=community&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_liaison_sees_their_own_departments_breakdown_and_no_other()
    {
        // 市政水管爆裂 (WATER-01) is the water bureau's.
        var routed = await RoutedAsync("WATER-01", $"{Ranked}-G02");
        using var liaison = system.As("liaison", "SW");
        await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);
        var (from, to) = ThisQuarter();
        var range = $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";

        var breakdown = await Eventually.GetAsync(
            () => liaison.GetFromJsonAsync<JsonElement>($"/api/rankings/SW/cases?{range}&counted=responded&item=WATER-01&limit=200"),
            found => Case(found, routed.Id) is { } counted && counted.GetProperty("counts").GetProperty("responded").GetInt64() == 1,
            Patience,
            "the water bureau's breakdown to count its claim");
        Assert.Equal("department", breakdown.GetProperty("by").GetString());
        Assert.Equal(routed.TrackingNumber, Case(breakdown, routed.Id)!.Value.GetProperty("trackingNumber").GetString());
        var csv = await liaison.GetAsync($"/api/rankings/SW/cases?{range}&format=csv");
        Assert.StartsWith("by,unit,tracking_number,item,status,day,street,assigned,responded", System.Text.Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync($"/api/rankings/GA/cases?{range}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync($"/api/rankings/{Street}/cases?by=street&{range}")).StatusCode);
        using var grid = system.As("grid-worker", $"{Ranked}-G02");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync($"/api/rankings/{Ranked}/cases?by=community")).StatusCode);
    }

    [Theory]
    [InlineData("by=grid", "by")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("counted=happiness", "counted")]
    [InlineData("notCounted=responded&notCounted=late", "notCounted")]
    [InlineData("from=2026-06-01&to=2026-01-01", "from")]
    [InlineData("format=xlsx", "format")]
    public async Task Bad_parameters_of_the_breakdown_are_a_problem_naming_them(string query, string field)
    {
        using var response = await system.Gateway.GetAsync($"/api/rankings/SW/cases?{query}");

        await Problems.AssertNamesFieldAsync(response, field);
    }

    private async Task<CaseState> RoutedAsync(string item, string grid)
    {
        var logged = await system.LogCallAsync(new { itemCode = item, gridCode = grid, description = "考核测试案件", channel = "phone" });
        return await system.WaitUntilRoutedAsync(logged.CaseId);
    }

    private static JsonElement? Unit(JsonElement ranking, string list, string unit) =>
        ranking.GetProperty(list).EnumerateArray().Where(found => found.GetProperty("unit").GetString() == unit).Cast<JsonElement?>().SingleOrDefault();

    /// <summary>Each unit's standing in each dimension (stored as jsonb, the rates' keys come back in another order).</summary>
    private static List<string> Scores(JsonElement published) =>
        published.GetProperty("rankings").EnumerateArray()
            .SelectMany(ranking => ranking.GetProperty("units").EnumerateArray().Concat(ranking.GetProperty("unranked").EnumerateArray())
                .Select(unit => $"{ranking.GetProperty("by")} {unit.GetProperty("unit")} {unit.GetProperty("rank")} {unit.GetProperty("score")} {unit.GetProperty("assigned")} {unit.GetProperty("unranked")}"))
            .ToList();

    private static JsonElement? Case(JsonElement breakdown, Guid id) =>
        breakdown.GetProperty("cases").EnumerateArray().Where(found => found.GetProperty("caseId").GetGuid() == id).Cast<JsonElement?>().SingleOrDefault();

    /// <summary>Today's quarter in China Standard Time, as the cases logged now count in it.</summary>
    private static string Quarter()
    {
        var (from, _) = ThisQuarter();
        return $"{from.Year}Q{((from.Month - 1) / 3) + 1}";
    }

    private static (DateOnly From, DateOnly To) ThisQuarter()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var from = new DateOnly(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1);
        return (from, from.AddMonths(3).AddDays(-1));
    }
}
