using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Residents' personal data (PIPL): never in logs, events or messages; shown whole only to those who
/// call back, with every read audited; erased on request while the case's history stays whole.
/// Runs its own system with verbose logging, so that a leak would show.
/// </summary>
public sealed class PersonalDataTests : IAsyncLifetime
{
    private const string CanaryName = "金丝雀甲乙";
    private const string CanaryPhone = "13912345678";
    private const string CanaryAddress = "金丝雀路88号3栋";

    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string>
    {
        ["Logging__LogLevel__Default"] = "Debug",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
    });

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task Canary_contact_details_never_reach_any_log_event_or_message()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        using var liaison = system.As("liaison", "SW");
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂", new { name = CanaryName, phone = CanaryPhone, address = CanaryAddress }), client: gridWorker);
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        var claimed = await liaison.DoAsync(logged.CaseId, "claim", new { }, routed.Version);
        await liaison.DoAsync(logged.CaseId, "resolve", new { summary = "已修复" }, claimed.Version);
        var contact = await gridWorker.GetFromJsonAsync<JsonElement>($"/api/calls/{logged.CaseId}/contact");
        Assert.Equal(CanaryPhone, contact.GetProperty("phone").GetString());
        using var malformedCall = new HttpRequestMessage(HttpMethod.Post, "/api/calls")
        {
            Content = new StringContent($"{{\"resident\":{{\"phone\":{CanaryPhone}}}", System.Text.Encoding.UTF8, "application/json"),
        };
        malformedCall.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var malformed = await gridWorker.SendAsync(malformedCall);

        var output = system.Services.SelectMany(service => service.Output.Select(line => $"{service.Name}: {line}")).ToList();
        Assert.True(output.Count > 50, "the services logged almost nothing; the canary would prove nothing");
        Assert.DoesNotContain(output, line => line.Contains(CanaryName) || line.Contains(CanaryPhone) || line.Contains(CanaryAddress) || line.Contains("金丝雀"));
        var events = await system.Database.ScalarAsync<string>(
            "select coalesce((select string_agg(data::text || coalesce(headers::text, ''), '') from intake.mt_events), '') || coalesce((select string_agg(data::text, '') from cases.mt_events), '')");
        Assert.DoesNotContain(CanaryPhone, events);
        Assert.DoesNotContain("金丝雀", events);
    }

    [Fact]
    public async Task Each_full_read_is_audited_and_erasure_removes_the_contact_but_not_the_history()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid, "li.na");
        using var supervisor = system.As("supervisor", RunningSystem.District);
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂", new { name = CanaryName, phone = CanaryPhone }), client: gridWorker);
        await system.WaitUntilRoutedAsync(logged.CaseId);
        await gridWorker.GetFromJsonAsync<JsonElement>($"/api/calls/{logged.CaseId}/contact");

        using var erased = await supervisor.DeleteAsync($"/api/calls/{logged.CaseId}/contact?reason=居民申请删除个人信息");

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gridWorker.GetAsync($"/api/calls/{logged.CaseId}/contact")).StatusCode);
        var call = await gridWorker.GetFromJsonAsync<JsonElement>($"/api/calls/{logged.CaseId}");
        Assert.Equal(JsonValueKind.Null, call.GetProperty("resident").ValueKind);
        Assert.Equal(0L, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_doc_residentcontact where id = $1", logged.CaseId));
        var audit = await system.Database.ScalarAsync<string>("select string_agg(type, ',' order by version) from intake.mt_events where stream_id = $1", logged.CaseId);
        Assert.Equal("call_logged,contact_read,contact_erased", audit);
        var history = await supervisor.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history");
        Assert.Equal(2, history!.Length);
    }
}
