using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>A case's life over HTTP, each step by the person whose step it is.</summary>
[Collection(SystemCollection.Name)]
public sealed class CaseLifecycleTests(RunningSystem system)
{
    private const string Grid = Calls.Grid; // LW-HL-01-G01 in 华林社区, 华林街道

    [Fact]
    public async Task From_call_to_close_each_step_by_its_own_role()
    {
        using var gridWorker = system.As("grid-worker", Grid, "li.na");
        using var liaison = system.As("liaison", "SW", "wang.qiang");
        using var callBack = system.As("feedback-agent", "LW", "zhao.min");
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "路口水管爆裂，水漫路面"), client: gridWorker);
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        Assert.Equal("SW", routed.Assignment!.UnitCode);

        var claimed = await liaison.DoAsync(logged.CaseId, "claim", new { }, routed.Version);
        var working = await liaison.DoAsync(logged.CaseId, "progress", new { note = "抢修队已到场关阀" }, claimed.Version);
        var resolved = await liaison.DoAsync(logged.CaseId, "resolve", new { summary = "更换破损管段，恢复供水" }, working.Version);
        var heard = await callBack.DoAsync(logged.CaseId, "feedback", new { satisfaction = "satisfied", resolved = true, comment = "居民满意" }, resolved.Version);
        var closed = await gridWorker.DoAsync(logged.CaseId, "close", new { }, heard.Version);

        Assert.Equal(["claimed", "in-progress", "resolved", "resolved", "closed"], new[] { claimed, working, resolved, heard, closed }.Select(state => state.Status));
        var history = (await gridWorker.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history"))!;
        Assert.Equal(
            ["case_opened", "case_routed", "case_claimed", "progress_noted", "case_resolved", "feedback_given", "case_closed"],
            history.Select(entry => entry.GetProperty("event").GetString()));
        Assert.Equal("feedback-agent:LW:zhao.min", history[5].GetProperty("by").GetString());
        Assert.Equal("liaison:SW:wang.qiang", history[2].GetProperty("by").GetString());
        Assert.Equal("grid-worker:LW-HL-01-G01:li.na", history[^1].GetProperty("by").GetString());
    }

    [Fact]
    public async Task Unsatisfied_feedback_reopens_the_case_to_the_same_department()
    {
        using var liaison = system.As("liaison", "SW");
        var resolved = await ResolvedWaterCaseAsync(liaison);

        var reopened = await system.Gateway.DoAsync(resolved.Id, "feedback", new { satisfaction = "dissatisfied", resolved = false, comment = "仍在漏水" }, resolved.Version);

        Assert.Equal(("claimed", "SW"), (reopened.Status, reopened.Assignment!.UnitCode));
        var again = await liaison.DoAsync(resolved.Id, "resolve", new { summary = "再次维修" }, reopened.Version);
        Assert.Equal("resolved", again.Status);
    }

    [Fact]
    public async Task Racing_claims_one_wins_every_other_gets_412()
    {
        // One race rarely hits the moment that once answered 409 (the stream version and the case
        // document read at two moments); many racers on many cases make it likely.
        var racers = Enumerable.Range(0, 8).Select(n => system.As("liaison", "SW", $"racer-{n}")).ToList();
        var cases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => RoutedWaterCaseAsync()));

        foreach (var routed in cases)
        {
            var answers = await Task.WhenAll(racers.Select(racer => racer.SendAsync(routed.Id, "claim", new { }, routed.Version)));

            Assert.Equal(
                [HttpStatusCode.OK, .. Enumerable.Repeat(HttpStatusCode.PreconditionFailed, racers.Count - 1)],
                answers.Select(answer => answer.StatusCode).Order());
            Assert.Equal(1L, await system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where stream_id = $1 and type = 'case_claimed'", routed.Id));
        }

        racers.ForEach(racer => racer.Dispose());
    }

    [Fact]
    public async Task A_retried_command_acts_once_and_answers_the_same()
    {
        using var liaison = system.As("liaison", "SW");
        var routed = await RoutedWaterCaseAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await liaison.SendAsync(routed.Id, "claim", new { }, routed.Version, key);
        using var retry = await liaison.SendAsync(routed.Id, "claim", new { }, routed.Version, key);
        using var misuse = await liaison.SendAsync(routed.Id, "progress", new { note = "x" }, routed.Version + 1, key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retry.StatusCode));
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(HttpStatusCode.Conflict, misuse.StatusCode);
        Assert.Equal(1L, await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where stream_id = $1 and type = 'case_claimed'", routed.Id));
    }

    [Fact]
    public async Task An_illegal_move_is_a_409_naming_the_state_and_changes_nothing()
    {
        using var liaison = system.As("liaison", "SW");
        var routed = await RoutedWaterCaseAsync();

        using var response = await liaison.SendAsync(routed.Id, "resolve", new { summary = "已修复" }, routed.Version);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("routed", problem.GetProperty("title").GetString());
        Assert.Equal("routed", problem.GetProperty("currentStatus").GetString());
        Assert.Equal(routed.Version, (await system.WaitUntilRoutedAsync(routed.Id)).Version);
    }

    [Fact]
    public async Task A_return_needs_a_coded_reason_and_waits_at_the_streets_desk_which_may_reject_it()
    {
        using var liaison = system.As("liaison", "SW");
        using var dispatcher = system.As("street-dispatcher", "LW-HL");
        var routed = await RoutedWaterCaseAsync();
        var firstDeadline = await ResponseDeadlineAsync(routed.Id, "SW");

        using var noCode = await liaison.SendAsync(routed.Id, "return", new { reason = "属小区内部管网" }, routed.Version);
        var returned = await liaison.DoAsync(routed.Id, "return", new { reasonCode = "not-our-duty", reason = "属小区内部管网，非市政管道" }, routed.Version);
        using var backToSender = await dispatcher.SendAsync(routed.Id, "route", new { level = "department", department = "SW", reason = "派回" }, returned.Version);
        var rejected = await dispatcher.DoAsync(routed.Id, "reject-return", new { note = "爆管点在市政道路下，属供水管网" }, returned.Version);

        await Problems.AssertNamesFieldAsync(noCode, "reasonCode");
        Assert.Equal(("routed", "triage-desk", "LW-HL"), (returned.Status, returned.Assignment!.Level, returned.Assignment.UnitCode));
        await Problems.AssertNamesFieldAsync(backToSender, "level"); // a rejection, not a fresh dispatch with fresh clocks
        Assert.Equal(("routed", "department", "SW", 1), (rejected.Status, rejected.Assignment!.Level, rejected.Assignment.UnitCode, rejected.ReturnCount));
        // The water bureau's response deadline is its first one again, not a new one from the rejection.
        var reinstated = await Eventually.GetAsync(
            () => ResponseDeadlineAsync(routed.Id, "SW"),
            deadline => deadline?.GetProperty("state").GetString() is "pending" or "warned",
            TimeSpan.FromSeconds(30),
            "the water bureau's response deadline to open again");
        Assert.Equal(firstDeadline!.Value.GetProperty("dueAt").GetDateTimeOffset(), reinstated!.Value.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task After_two_returns_the_desk_may_not_route_the_case_and_a_supervisor_fixes_it_to_a_unit()
    {
        using var water = system.As("liaison", "SW");
        using var urban = system.As("liaison", "CG");
        using var dispatcher = system.As("street-dispatcher", "LW-HL");
        using var supervisor = system.As("supervisor", "LW-HL");
        var state = await RoutedWaterCaseAsync();

        state = await water.DoAsync(state.Id, "return", new { reasonCode = "not-our-duty", reason = "属城管" }, state.Version);
        state = await dispatcher.DoAsync(state.Id, "route", new { level = "department", department = "CG", reason = "改派城管" }, state.Version);
        state = await urban.DoAsync(state.Id, "return", new { reasonCode = "not-our-duty", reason = "属水务" }, state.Version);
        using var third = await dispatcher.SendAsync(state.Id, "route", new { level = "department", department = "SW", reason = "再派" }, state.Version);
        using var notSupervisor = await dispatcher.SendAsync(state.Id, "fix-assignment", new { level = "department", department = "SW", reason = "定派" }, state.Version);
        var fixedCase = await supervisor.DoAsync(state.Id, "fix-assignment", new { level = "department", department = "SW", reason = "经研判属供水管网，定派水务" }, state.Version);
        using var returnAgain = await water.SendAsync(state.Id, "return", new { reasonCode = "not-our-duty", reason = "仍不属我局" }, fixedCase.Version);

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notSupervisor.StatusCode);
        Assert.Equal(("department", "SW"), (fixedCase.Assignment!.Level, fixedCase.Assignment.UnitCode));
        Assert.Equal(HttpStatusCode.Conflict, returnAgain.StatusCode);
        Assert.Contains("定派", (await returnAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_unit_appeals_a_case_out_of_its_assessment_and_a_supervisor_decides()
    {
        using var liaison = system.As("liaison", "SW");
        using var supervisor = system.As("supervisor", "LW-HL");
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);

        using var noGround = await liaison.SendAsync(routed.Id, "appeal", new { evidence = "见现场照片" }, claimed.Version);
        var appealed = await liaison.DoAsync(routed.Id, "appeal", new { ground = "beyond-duty", evidence = "漏水点在小区红线内，属物业管网" }, claimed.Version);
        using var selfApproved = await liaison.SendAsync(routed.Id, "approve-appeal", new { note = "同意" }, appealed.Version);
        var rejected = await supervisor.DoAsync(routed.Id, "reject-appeal", new { note = "红线外约两米，属市政管网" }, appealed.Version);
        var again = await liaison.DoAsync(routed.Id, "appeal", new { ground = "beyond-duty", evidence = "附产权图" }, rejected.Version);
        var approved = await supervisor.DoAsync(routed.Id, "approve-appeal", new { note = "经核实属物业管网，同意核减" }, again.Version);
        using var thirdTime = await liaison.SendAsync(routed.Id, "appeal", new { ground = "unreasonable", evidence = "再次申请" }, approved.Version);

        await Problems.AssertNamesFieldAsync(noGround, "ground");
        Assert.Equal(HttpStatusCode.Forbidden, selfApproved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, thirdTime.StatusCode); // already out of its assessment
        var history = (await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{routed.Id}/history"))!;
        Assert.Equal(
            ["appeal_filed", "appeal_rejected", "appeal_filed", "appeal_approved"],
            history.Select(entry => entry.GetProperty("event").GetString()).Where(name => name!.StartsWith("appeal_", StringComparison.Ordinal)));
        Assert.Contains("不计入考核", history[^1].GetProperty("summary").GetString());
    }

    private async Task<JsonElement?> ResponseDeadlineAsync(Guid id, string unit)
    {
        var deadlines = await Eventually.GetAsync(
            async () =>
            {
                using var response = await system.Gateway.GetAsync($"/api/cases/{id}/deadlines");
                return response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadlines").EnumerateArray().ToList()
                    : [];
            },
            found => found.Any(deadline => deadline.GetProperty("kind").GetString() == "response" && deadline.GetProperty("unit").GetString() == unit),
            TimeSpan.FromSeconds(30),
            $"a response deadline of {unit}");
        return deadlines.Last(deadline => deadline.GetProperty("kind").GetString() == "response" && deadline.GetProperty("unit").GetString() == unit);
    }

    [Fact]
    public async Task Escalation_whistle_and_extension_are_recorded_and_move_the_case()
    {
        using var liaison = system.As("liaison", "SW");
        using var streetDispatcher = system.As("street-dispatcher", "LW-HL");
        using var supervisor = system.As("supervisor", "LW");
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);

        var whistled = await streetDispatcher.DoAsync(routed.Id, "whistle", new { departments = new[] { "CG", "JT" }, reportWithinMinutes = 30, reason = "占道抢修需城管、交通配合" }, claimed.Version);
        using var transportLiaison = system.As("liaison", "JT");
        var queue = await transportLiaison.GetFromJsonAsync<JsonElement>("/api/cases?department=JT&limit=100");
        Assert.Contains(routed.Id, queue.GetProperty("cases").EnumerateArray().Select(found => found.GetProperty("id").GetGuid())); // summoned: in its queue
        using var cityLiaison = system.As("liaison", "CG");
        var reported = await cityLiaison.DoAsync(routed.Id, "report", new { }, whistled.Version);
        var asked = await liaison.DoAsync(routed.Id, "request-extension", new { resolveBy = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(3), reason = "等待进口阀门配件" }, reported.Version);
        var approved = await supervisor.DoAsync(routed.Id, "approve-extension", new { note = "同意" }, asked.Version);
        var escalated = await liaison.DoAsync(routed.Id, "escalate", new { reason = "需区级协调停水方案" }, approved.Version);

        var history = (await supervisor.GetFromJsonAsync<JsonElement[]>($"/api/cases/{routed.Id}/history"))!;
        Assert.Equal(
            ["whistle_blown", "whistle_answered", "extension_requested", "extension_approved", "case_escalated"],
            history.Skip(3).Select(entry => entry.GetProperty("event").GetString()));
        Assert.Equal(("routed", "district", "LW"), (escalated.Status, escalated.Assignment!.Level, escalated.Assignment.UnitCode));
    }

    [Fact]
    public async Task A_reassigned_case_keeps_its_assisting_departments_unless_others_are_named()
    {
        using var liaison = system.As("liaison", "SW");
        using var streetDispatcher = system.As("street-dispatcher", "LW-HL");
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);
        var assisted = await liaison.DoAsync(routed.Id, "request-assistance", new { department = "JT", note = "需交通部门配合封路" }, claimed.Version);

        await streetDispatcher.DoAsync(routed.Id, "reassign", new { level = "department", department = "ZJ", reason = "属住建部门职责" }, assisted.Version);

        var found = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{routed.Id}");
        Assert.Equal(["CG", "JT"], found.GetProperty("assistingDepartments").EnumerateArray().Select(code => code.GetString()));
    }

    [Fact]
    public async Task Only_departments_of_the_catalogue_are_summoned_or_asked_to_assist()
    {
        using var liaison = system.As("liaison", "SW");
        using var streetDispatcher = system.As("street-dispatcher", "LW-HL");
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);

        using var whistle = await streetDispatcher.SendAsync(routed.Id, "whistle", new { departments = new[] { "CG", "NOPE" }, reportWithinMinutes = 30, reason = "占道抢修" }, claimed.Version);
        using var assist = await liaison.SendAsync(routed.Id, "request-assistance", new { department = "NOPE", note = "请协助" }, claimed.Version);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (whistle.StatusCode, assist.StatusCode));
        Assert.Contains("NOPE", (await whistle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("departments")[0].GetString());
        Assert.True((await assist.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("department", out _));
        var history = (await liaison.GetFromJsonAsync<JsonElement[]>($"/api/cases/{routed.Id}/history"))!;
        Assert.Equal(claimed.Version, history.Length); // nothing was appended
    }

    [Fact]
    public async Task A_duplicate_is_merged_into_the_survivor_and_both_histories_say_so()
    {
        var survivor = await RoutedWaterCaseAsync();
        var duplicate = await RoutedWaterCaseAsync();
        using var dispatcher = system.As("street-dispatcher", "LW-HL");

        var merged = await dispatcher.DoAsync(duplicate.Id, "merge", new { into = survivor.Id, reason = "同一处水管爆裂" }, duplicate.Version);

        Assert.Equal("merged", merged.Status);
        var survivorNow = await dispatcher.GetFromJsonAsync<JsonElement>($"/api/cases/{survivor.Id}");
        Assert.Equal(duplicate.Id, survivorNow.GetProperty("duplicates")[0].GetGuid());
    }

    private async Task<CaseState> RoutedWaterCaseAsync()
    {
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂"));
        return await system.WaitUntilRoutedAsync(logged.CaseId);
    }

    private async Task<CaseState> ResolvedWaterCaseAsync(HttpClient liaison)
    {
        var routed = await RoutedWaterCaseAsync();
        var claimed = await liaison.DoAsync(routed.Id, "claim", new { }, routed.Version);
        return await liaison.DoAsync(routed.Id, "resolve", new { summary = "已修复" }, claimed.Version);
    }
}
