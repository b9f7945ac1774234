using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>The measures against values worked out by hand for a known history (src/docs/measures.md).</summary>
[Collection(SystemCollection.Name)]
public sealed class MeasuresTests(RunningSystem system)
{
    private const string Grid = "LW-ZN-01-G01"; // no other test logs calls in 中南街道
    private const string Street = "LW-ZN";

    [Fact]
    public async Task A_known_history_gives_the_rates_worked_out_by_hand()
    {
        using var liaison = system.As("liaison", "SW");
        using var dispatcher = system.As("street-dispatcher", "LW-ZN");
        var (a, b, c, d, e) = (await RoutedAsync(), await RoutedAsync(), await RoutedAsync(), await RoutedAsync(), await RoutedAsync());

        // A: claimed, resolved, the resident satisfied, closed.
        var state = await liaison.DoAsync(a.Id, "claim", new { }, a.Version);
        state = await liaison.DoAsync(a.Id, "resolve", new { summary = "已修复" }, state.Version);
        state = await system.Gateway.DoAsync(a.Id, "feedback", new { satisfaction = "satisfied", resolved = true }, state.Version);
        await system.Gateway.DoAsync(a.Id, "close", new { }, state.Version);
        // B: claimed, resolved, the resident not satisfied (reopened), resolved again.
        state = await liaison.DoAsync(b.Id, "claim", new { }, b.Version);
        state = await liaison.DoAsync(b.Id, "resolve", new { summary = "已修复" }, state.Version);
        state = await system.Gateway.DoAsync(b.Id, "feedback", new { satisfaction = "dissatisfied", resolved = false }, state.Version);
        await liaison.DoAsync(b.Id, "resolve", new { summary = "再次维修" }, state.Version);
        // C: returned as not the department's. D: claimed only. E: a duplicate merged into D.
        await liaison.DoAsync(c.Id, "return", new { reasonCode = "not-our-duty", reason = "属小区内部管网" }, c.Version);
        await liaison.DoAsync(d.Id, "claim", new { }, d.Version);
        await dispatcher.DoAsync(e.Id, "merge", new { into = d.Id, reason = "同一处漏水" }, e.Version);

        // The totals follow the events asynchronously (the Solo daemon): wait for the last change, the merge.
        var measures = await Eventually.GetAsync(
            () => MeasuresAsync("quarter"),
            found => StreetRow(found) is { } settled && settled.GetProperty("assigned").GetInt64() == 4 && settled.GetProperty("open").GetInt64() == 2,
            TimeSpan.FromSeconds(30),
            "the measure totals to count the known history");
        var row = StreetRow(measures)!.Value;

        Assert.Equal(5, row.GetProperty("logged").GetInt64());           // A-E
        Assert.Equal(4, row.GetProperty("assigned").GetInt64());         // E merged: out of every rate
        Assert.Equal(0.75, row.GetProperty("responseRate").GetDouble()); // A, B, D claimed / 4
        Assert.Equal(0.75, row.GetProperty("onTimeResponseRate").GetDouble());
        Assert.Equal(0.5, row.GetProperty("closureRate").GetDouble());   // A closed, B resolved / 4
        Assert.Equal(0.5, row.GetProperty("onTimeClosureRate").GetDouble());
        Assert.Equal(0.5, row.GetProperty("satisfactionRate").GetDouble()); // A satisfied, B not / 2 with feedback
        Assert.Equal(0.25, row.GetProperty("returnRate").GetDouble());   // C / 4
        Assert.Equal(0.5, row.GetProperty("reopenRate").GetDouble());    // B / A, B ever resolved
        Assert.Equal(2, row.GetProperty("open").GetInt64());             // C at the desk, D claimed
        Assert.Equal(0, row.GetProperty("overdue").GetInt64());
        Assert.True(row.GetProperty("medianTimeToClaimSeconds").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, row.GetProperty("medianTimeToCloseSeconds").ValueKind); // A only
        // The grid held none of them (the water bureau did): it is charged nothing.
        Assert.Empty(measures.GetProperty("rows").EnumerateArray());

        // The day totals agree with the month totals the quarter was read from.
        var daily = StreetRow(await MeasuresAsync("day"))!.Value;
        Assert.Equal(Without(row, "period"), Without(daily, "period"));
        Assert.Equal(Without(row, "period"), Without(StreetRow(await MeasuresAsync("range"))!.Value, "period"));

        // Rebuilt from the events, the read model gives the same measures.
        using var rebuilt = await system.Gateway.PostAsync("/api/admin/read-models/cases/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(row.GetRawText(), StreetRow(await MeasuresAsync("quarter"))!.Value.GetRawText());

        // The check finds a total that no longer matches the cases, and a rebuild mends it.
        await TotalsAgreeWithTheCasesAsync();
        await system.Database.ScalarAsync<long>($"with damaged as (update cases.measure_totals set logged = logged + 1 where dimension = 'district' and street = '{Street}' returning 1) select count(*) from damaged");
        Assert.NotEqual(0, await DifferencesAsync());
        using var mended = await system.Gateway.PostAsync("/api/admin/read-models/measures/rebuild", null);
        await TotalsAgreeWithTheCasesAsync();
    }

    private async Task<long> DifferencesAsync() =>
        (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/admin/read-models/measures/check")).GetProperty("differences").GetInt64();

    /// <summary>Other tests' cases may still be on their way through the projection: the check agrees once they are counted.</summary>
    private Task TotalsAgreeWithTheCasesAsync() =>
        Eventually.GetAsync(DifferencesAsync, differences => differences == 0, TimeSpan.FromSeconds(30), "the measure totals to agree with the cases");

    /// <summary>
    /// The measures over this month (China Standard Time) as the street's supervisor sees them: the cases of the
    /// street as a whole, and the street's grids. By quarter, read from the month totals; by day, from the day totals.
    /// </summary>
    private async Task<JsonElement> MeasuresAsync(string granularity)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        using var supervisor = system.As("supervisor", Street);
        return await supervisor.GetFromJsonAsync<JsonElement>($"/api/measures?by=grid&granularity={granularity}&from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
    }

    /// <summary>The street's cases as a whole: the district's row, within the street supervisor's scope.</summary>
    private static JsonElement? StreetRow(JsonElement measures) =>
        measures.GetProperty("district").EnumerateArray().Cast<JsonElement?>().SingleOrDefault();

    private static string Without(JsonElement row, string property) =>
        string.Join(",", row.EnumerateObject().Where(found => found.Name != property).Select(found => found.ToString()));

    [Fact]
    public async Task Departments_are_ranked_by_score_and_a_published_quarter_stays_frozen()
    {
        await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid("WATER-01"))).CaseId);
        // The rankings read the measure totals, which follow the events a moment later. The water bureau is ranked,
        // or listed apart if other tests have given it fewer cases than the rules' minimum (ScoringTests).
        var ranking = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<JsonElement>("/api/rankings?by=department"),
            found => found.GetProperty("units").EnumerateArray().Concat(found.GetProperty("unranked").EnumerateArray())
                .Any(unit => unit.GetProperty("unit").GetString() == "SW"),
            TimeSpan.FromSeconds(30),
            "the water bureau in the rankings");
        var units = ranking.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, units.Count), units.Select(unit => unit.GetProperty("rank").GetInt32()));
        Assert.All(ranking.GetProperty("unranked").EnumerateArray(), unit => Assert.Equal(JsonValueKind.Null, unit.GetProperty("rank").ValueKind));
        Assert.Equal("2026.1", ranking.GetProperty("rulesVersion").GetString());

        var quarter = $"{DateTime.UtcNow.Year}Q{((DateTime.UtcNow.Month - 1) / 3) + 1}";
        using var first = await system.Gateway.PostAsync($"/api/scores/{quarter}", null);
        var published = await first.Content.ReadFromJsonAsync<JsonElement>();
        await system.LogCallAsync(Calls.Valid("WATER-01")); // the world moves on
        using var second = await system.Gateway.PostAsync($"/api/scores/{quarter}", null);
        var version = published.GetProperty("version").GetInt32();
        var frozen = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/scores/{quarter}/versions/{version}");
        var latest = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/scores/{quarter}");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(published.GetProperty("publishedAt").GetString(), frozen.GetProperty("publishedAt").GetString());
        Assert.Equal(version + 1, latest.GetProperty("version").GetInt32());
        var csv = await system.Gateway.GetByteArrayAsync($"/api/scores/{quarter}/versions/{version}?format=csv");
        Assert.Contains("SW", System.Text.Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        using var supervisor = system.As("supervisor", RunningSystem.District);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/scores/{quarter}", null)).StatusCode);
    }

    [Theory]
    [InlineData("/api/measures?by=street&format=csv", "unit,period,logged")]
    [InlineData("/api/rankings?by=department&format=csv", "by,rank,unit,score")]
    [InlineData("/api/overdue?format=csv", "place,tracking_number,standing")]
    public async Task Oversight_exports_as_csv_that_excel_opens(string path, string header)
    {
        using var response = await system.Gateway.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith(header, System.Text.Encoding.UTF8.GetString(bytes[3..]));
    }

    [Theory]
    [InlineData("by=planet", "by")]
    [InlineData("granularity=year", "granularity")]
    [InlineData("from=2026-06-01&to=2026-01-01", "from")]
    [InlineData("from=2020-01-01&to=2026-01-01", "to")]
    [InlineData("from=yesterday", "from")]
    public async Task Bad_parameters_are_a_problem_naming_them(string query, string field)
    {
        using var response = await system.Gateway.GetAsync($"/api/measures?{query}");

        await Problems.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task A_liaison_does_not_see_the_measures()
    {
        using var liaison = system.As("liaison", "SW");

        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync("/api/measures")).StatusCode);
    }

    private async Task<CaseState> RoutedAsync()
    {
        var logged = await system.LogCallAsync(new { itemCode = "WATER-01", gridCode = Grid, description = "水管漏水", channel = "phone" });
        return await system.WaitUntilRoutedAsync(logged.CaseId);
    }
}
