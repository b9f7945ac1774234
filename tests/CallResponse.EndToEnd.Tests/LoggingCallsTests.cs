using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class LoggingCallsTests(RunningSystem system)
{
    [Fact]
    public async Task A_logged_call_is_routed_and_its_history_shows_each_step()
    {
        var logged = await system.LogCallAsync(Calls.Valid());

        Assert.Matches(@"^LW-\d{8}-\d{6}$", logged.TrackingNumber);
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        Assert.Equal(logged.TrackingNumber, routed.TrackingNumber);
        Assert.Equal("2026.1", routed.CatalogueVersion);

        var history = (await system.Gateway.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history"))!;
        Assert.Equal(["case_opened", "case_routed"], history.Select(entry => entry.GetProperty("event").GetString()));
        Assert.Equal("routing", history[1].GetProperty("by").GetString());
        Assert.Contains("level.community", history[1].GetProperty("summary").GetString());
    }

    [Theory]
    [InlineData("SAFE-01", "grid", "LW-HL-01-G01", "level.grid")]
    [InlineData("CITY-01", "community", "LW-HL-01", "level.community")]
    [InlineData("SAFE-02", "street", "LW-HL", "level.street")]
    [InlineData("WATER-01", "department", "SW", "level.department")]
    [InlineData("CITY-02", "department", "CG", "level.department")]
    public async Task Each_item_reaches_the_unit_its_handling_level_names(string itemCode, string level, string unitCode, string ruleId)
    {
        // SAFE-01 goes to the police at night; the handling level is what is tested here.
        var logged = await system.LogCallAsync(Calls.Valid(itemCode, reportedAt: Calls.LastMorning()));

        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);

        Assert.Equal(level, routed.Assignment!.Level);
        Assert.Equal(unitCode, routed.Assignment.UnitCode);
        Assert.Equal(ruleId, routed.RuleId);
    }

    [Fact]
    public async Task The_case_etag_is_its_stream_version()
    {
        var logged = await system.LogCallAsync(Calls.Valid());
        await system.WaitUntilRoutedAsync(logged.CaseId);

        using var response = await system.Gateway.GetAsync($"/api/cases/{logged.CaseId}");

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<CaseState>())!.Version);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_answers_the_first_answer_and_makes_one_case()
    {
        var key = Guid.NewGuid().ToString();
        var call = Calls.Valid(resident: new { name = "王五", phone = "13700002222" });
        using var first = await system.Gateway.SendAsync(RunningSystem.NewCall(call, key));

        using var retried = await system.Gateway.SendAsync(RunningSystem.NewCall(call, key));

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(first.Headers.Location, retried.Headers.Location);
        Assert.Equal(["true"], retried.Headers.GetValues("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var logged = (await first.Content.ReadFromJsonAsync<LoggedCall>())!;
        Assert.Equal(logged, await retried.Content.ReadFromJsonAsync<LoggedCall>());
        await system.WaitUntilRoutedAsync(logged.CaseId);
        Assert.Equal(1L, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events where stream_id = $1", logged.CaseId));
        Assert.Equal(1L, await system.Database.ScalarAsync<long>(
            "select count(*) from cases.mt_events where stream_id = $1 and type = 'case_opened'", logged.CaseId));
    }

    public static TheoryData<object> OtherCalls => new()
    {
        Calls.Valid(description: "另一件事"),
        Calls.Valid(itemCode: "WATER-01"),
        Calls.Valid(reportedAt: Calls.LastMorning()),
        Calls.Valid(resident: new { name = "王五", phone = "13700003333" }),
    };

    [Theory]
    [MemberData(nameof(OtherCalls))]
    public async Task A_key_reused_for_a_different_call_is_422_and_changes_nothing(object other)
    {
        var key = Guid.NewGuid().ToString();
        var first = await system.LogCallAsync(Calls.Valid(resident: new { name = "王五", phone = "13700002222" }), key);
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");

        using var response = await system.Gateway.SendAsync(RunningSystem.NewCall(other, key));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Idempotency-Key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
        var contact = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/calls/{first.CaseId}");
        Assert.Equal("*******2222", contact.GetProperty("resident").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_call_without_an_idempotency_key_is_428_and_nothing_is_stored()
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");

        using var response = await system.Gateway.PostAsJsonAsync("/api/calls", Calls.Valid());

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("Idempotency-Key", detail);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", detail);
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    [Fact]
    public async Task The_resident_contact_is_masked_when_the_call_is_read()
    {
        var logged = await system.LogCallAsync(Calls.Valid(resident: new { name = "张小明", phone = "13812345678", address = "华林新街1号301" }));

        using var response = await system.Gateway.GetAsync($"/api/calls/{logged.CaseId}");
        var call = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.Headers.CacheControl?.NoStore, "a call's answer is never stored by a browser or proxy");
        var resident = call.GetProperty("resident");
        Assert.Equal("张**", resident.GetProperty("name").GetString());
        Assert.Equal("*******5678", resident.GetProperty("phone").GetString());
        Assert.Equal("***", resident.GetProperty("address").GetString());
        Assert.DoesNotContain("13812345678", call.GetRawText());
    }

    [Fact]
    public async Task Personal_data_never_leaves_intake_in_events_or_messages()
    {
        var logged = await system.LogCallAsync(Calls.Valid(resident: new { name = "李四", phone = "13900001111" }));
        await system.WaitUntilRoutedAsync(logged.CaseId);

        var intakeEvents = await system.Database.ScalarAsync<string>("select string_agg(data::text, '') from intake.mt_events where stream_id = $1", logged.CaseId);
        var caseEvents = await system.Database.ScalarAsync<string>("select string_agg(data::text, '') from cases.mt_events where stream_id = $1", logged.CaseId);
        Assert.DoesNotContain("13900001111", intakeEvents + caseEvents);
        Assert.DoesNotContain("李四", intakeEvents + caseEvents);
    }

    [Fact]
    public async Task A_second_call_for_the_same_matter_is_hinted_as_a_possible_duplicate()
    {
        var grid = "LW-LN-01-G02"; // a grid no other test logs HEALTH-03 in
        var first = await system.LogCallAsync(new { itemCode = "HEALTH-03", gridCode = grid, description = "疑似发热病例", channel = "phone" });
        var second = await system.LogCallAsync(new { itemCode = "HEALTH-03", gridCode = grid, description = "同一楼栋又报发热", channel = "phone" });
        await system.WaitUntilRoutedAsync(first.CaseId);
        await system.WaitUntilRoutedAsync(second.CaseId);

        var hinted = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{second.CaseId}");
        var original = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/cases/{first.CaseId}");

        Assert.Equal([first.CaseId], hinted.GetProperty("possibleDuplicates").EnumerateArray().Select(id => id.GetGuid()));
        Assert.Equal(0, original.GetProperty("possibleDuplicates").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_case_is_a_404_problem()
    {
        using var response = await system.Gateway.GetAsync($"/api/cases/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
