using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A system whose computed deadlines run 1,000 times faster (Sla:TargetScale): WATER-01's 8-hour resolution target
/// becomes 28.8 s from the first routing, its 30-minute response target 1.8 s.
/// </summary>
public sealed class PauseSystem() : RunningSystem(new Dictionary<string, string>
{
    ["Sla__TargetScale"] = "0.001",
    ["Sla__FeedbackWindow"] = "PT30M",
});

/// <summary>
/// 挂起 / 恢复计时 over the real bus: a paused case does not breach while paused, and its resumption moves its
/// resolution deadline later by exactly the time paused (WATER-01 runs on the 24×7 clock).
/// </summary>
public sealed class PauseTests(PauseSystem system) : IClassFixture<PauseSystem>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_paused_case_does_not_breach_and_its_deadline_moves_by_the_pause_on_resume()
    {
        using var liaison = system.As("liaison", "SW");
        using var supervisor = system.As("supervisor", RunningSystem.District);
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂，需等居民开门入户"));
        var state = await system.WaitUntilRoutedAsync(logged.CaseId);
        var id = state.Id;
        await DoAsync(liaison, id, "claim", new { });
        var opened = await Eventually.GetAsync(
            () => DeadlinesAsync(id),
            deadlines => deadlines.Any(deadline => Kind(deadline) == "resolution"),
            Patience,
            "the resolution deadline");
        var firstDue = Due(opened.Single(deadline => Kind(deadline) == "resolution"));

        await DoAsync(
            liaison,
            id,
            "request-pause",
            new { reasonCode = "waiting-for-resident", note = "居民外出，约定入户", resumeBy = DateTimeOffset.UtcNow.AddDays(1) });
        await DoAsync(supervisor, id, "approve-pause", new { note = "同意" });
        var paused = await CaseAsync(id);
        Assert.NotEqual(JsonValueKind.Null, paused.GetProperty("pausedSince").ValueKind);
        Assert.Contains("resume", paused.GetProperty("allowedCommands").EnumerateArray().Select(c => c.GetString()));
        await Eventually.GetAsync(
            () => DeadlinesAsync(id),
            deadlines => deadlines.Any(deadline => Kind(deadline) == "resolution" && State(deadline) == "paused"),
            Patience,
            "the resolution deadline paused");

        // Wait past the first due time: nothing falls due while the case is paused.
        var wait = firstDue - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var during = await DeadlinesAsync(id);
        Assert.DoesNotContain(during, deadline => Kind(deadline) == "resolution" && State(deadline) == "breached");
        // (A claim later than the 1.8 s response target may have breached that one: only the resolution counts here.)
        Assert.DoesNotContain(await HistoryAsync(id), entry => entry.GetProperty("event").GetString() == "sla_breach_recorded"
            && entry.GetProperty("data").GetProperty("kind").GetString() == "resolution");

        await DoAsync(liaison, id, "resume", new { note = "居民已回家" });
        var resumed = (await HistoryAsync(id)).Single(entry => entry.GetProperty("event").GetString() == "case_resumed");
        var pausedAt = resumed.GetProperty("data").GetProperty("pausedAt").GetDateTimeOffset();
        var resumedAt = resumed.GetProperty("data").GetProperty("resumedAt").GetDateTimeOffset();
        Assert.Contains("恢复计时", resumed.GetProperty("summary").GetString());

        var deadlines = await Eventually.GetAsync(
            () => DeadlinesAsync(id),
            deadlines => deadlines.Any(deadline => Kind(deadline) == "resolution" && State(deadline) is "pending" or "warned"),
            Patience,
            "the resolution deadline continued");
        var continued = deadlines.Single(deadline => Kind(deadline) == "resolution" && State(deadline) is "pending" or "warned");
        var moved = Due(continued) - firstDue - (resumedAt - pausedAt);
        Assert.InRange(moved.Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.True(Due(continued) > DateTimeOffset.UtcNow);
        var after = await CaseAsync(id);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("pausedSince").ValueKind);
        Assert.Equal((long)(resumedAt - pausedAt).TotalSeconds, after.GetProperty("pausedSeconds").GetInt64());

        // Resolved in time: the continued deadline is met, and the case was never breached.
        await DoAsync(liaison, id, "resolve", new { summary = "入户更换阀门" });
        var settled = await Eventually.GetAsync(
            () => DeadlinesAsync(id),
            deadlines => deadlines.Any(deadline => Kind(deadline) == "resolution" && State(deadline) == "met"),
            Patience,
            "the resolution met");
        Assert.DoesNotContain(settled, deadline => Kind(deadline) == "resolution" && State(deadline) == "breached");
    }

    [Fact]
    public async Task A_pause_past_its_expected_resume_is_on_the_overdue_board_and_counts_in_the_pause_rate()
    {
        using var liaison = system.As("liaison", "SW");
        using var supervisor = system.As("supervisor", RunningSystem.District);
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "阀门井漏水，待第三方施工单位配合"));
        var id = (await system.WaitUntilRoutedAsync(logged.CaseId)).Id;
        await DoAsync(liaison, id, "claim", new { });
        await DoAsync(
            liaison,
            id,
            "request-pause",
            new { reasonCode = "third-party", note = "待燃气公司迁改管线", resumeBy = DateTimeOffset.UtcNow.AddSeconds(3) });
        await DoAsync(supervisor, id, "approve-pause", new { });

        // Nobody resumes it: past its expected resume it is listed, and it stays paused (it never ends by itself).
        var board = await Eventually.GetAsync(
            () => supervisor.GetFromJsonAsync<JsonElement>("/api/overdue"),
            found => found.GetProperty("cases").EnumerateArray().Any(entry => entry.GetProperty("id").GetGuid() == id),
            Patience,
            "the paused case on the overdue board");
        Assert.True(board.GetProperty("pausedPastResume").GetInt32() >= 1);
        Assert.NotEqual(JsonValueKind.Null, (await CaseAsync(id)).GetProperty("pausedSince").ValueKind);

        // Every SW case of this system was paused: its pause rate is 1 (挂起率, lower is better).
        await Eventually.GetAsync(
            async () => (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/admin/read-models/measures/check"))
                .GetProperty("differences").GetInt64(),
            differences => differences == 0,
            Patience,
            "the measure totals to count every case");
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var measures = await system.Gateway.GetFromJsonAsync<JsonElement>(
            $"/api/measures?by=department&granularity=range&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        var water = measures.GetProperty("rows").EnumerateArray().Single(row => row.GetProperty("unit").GetString() == "SW");
        Assert.Equal(1, water.GetProperty("pauseRate").GetDouble());
    }

    /// <summary>
    /// A command on the case's current version: the SLA service's warnings (and a late claim's response breach)
    /// append to the case between the steps, so the version is read afresh, and read again if one landed meanwhile.
    /// </summary>
    private async Task DoAsync(HttpClient client, Guid id, string command, object body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var version = (await CaseAsync(id)).GetProperty("version").GetInt64();
            using var response = await client.SendAsync(id, command, body, version);
            if (response.StatusCode != System.Net.HttpStatusCode.PreconditionFailed || attempt == 5)
            {
                Assert.True(
                    response.IsSuccessStatusCode,
                    $"{command}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
        }
    }

    private async Task<JsonElement> CaseAsync(Guid id) =>
        await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    private async Task<JsonElement[]> HistoryAsync(Guid id) =>
        (await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{id}/history"))!;

    private async Task<JsonElement[]> DeadlinesAsync(Guid id)
    {
        using var response = await system.Gateway.GetAsync($"/api/cases/{id}/deadlines");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray().ToArray()
            : [];
    }

    private static string? Kind(JsonElement deadline) => deadline.GetProperty("kind").GetString();

    private static string? State(JsonElement deadline) => deadline.GetProperty("state").GetString();

    private static DateTimeOffset Due(JsonElement deadline) => deadline.GetProperty("dueAt").GetDateTimeOffset();
}
