using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Health, metrics, OpenAPI and traces, as an operator or an API client finds them.</summary>
[Collection(SystemCollection.Name)]
public sealed class ObservabilityTests(RunningSystem system)
{
    [Fact]
    public async Task Each_service_keeps_to_its_own_small_pool_of_connections_under_a_burst()
    {
        // Five services with pools of 100 each could ask for more than PostgreSQL's 300 connections.
        await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            using var response = await system.Gateway.GetAsync("/api/cases?limit=5");
            response.EnsureSuccessStatusCode();
        }));

        foreach (var service in new[] { "intake", "routing", "cases", "sla" })
        {
            var connections = await system.Database.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and application_name = $1", service);
            Assert.InRange(connections, 1, 30);
        }
    }

    [Fact]
    public async Task One_trace_follows_a_call_from_the_request_through_the_bus_into_every_consumer()
    {
        var traceId = Guid.NewGuid().ToString("N");
        using var request = RunningSystem.NewCall(Calls.Valid(), Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var response = await system.Gateway.SendAsync(request);
        var logged = (await response.Content.ReadFromJsonAsync<LoggedCall>())!;
        await system.WaitUntilRoutedAsync(logged.CaseId);

        // Marten records each event's trace id as its correlation id: intake's event was written in
        // the HTTP request, the case's events by consumers behind two outboxes and three queues.
        var intake = await system.Database.ScalarAsync<string>("select string_agg(distinct correlation_id, ',') from intake.mt_events where stream_id = $1", logged.CaseId);
        var cases = await system.Database.ScalarAsync<string>("select string_agg(distinct correlation_id, ',') from cases.mt_events where stream_id = $1", logged.CaseId);
        var caseEvents = await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where stream_id = $1 and correlation_id = $2", logged.CaseId, traceId);
        Assert.Equal(traceId, intake);
        Assert.Equal(traceId, cases);
        Assert.Equal(2, caseEvents);
    }

    [Theory]
    [InlineData("intake", new[] { "eventstore", "postgres", "rabbitmq", "reference-catalogue" })]
    [InlineData("cases", new[] { "eventstore", "postgres", "rabbitmq", "reference-area-names", "reference-departments" })]
    [InlineData("routing", new[] { "eventstore", "postgres", "rabbitmq" })]
    public async Task Readiness_checks_each_server_the_service_depends_on(string service, string[] checks)
    {
        using var http = new HttpClient { BaseAddress = system.Service(service).BaseAddress };

        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal(checks.Order(), ready.GetProperty("checks").EnumerateObject().Select(check => check.Name).Order());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Intakes_openapi_description_names_the_idempotency_key_and_its_answers()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/intake.json");

        var logCall = document.GetProperty("paths").GetProperty("/api/calls").GetProperty("post");
        var key = logCall.GetProperty("parameters").EnumerateArray().Single(parameter => parameter.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.Contains("Required", key.GetProperty("description").GetString());
        Assert.True(logCall.GetProperty("responses").TryGetProperty("428", out _));
        Assert.True(logCall.GetProperty("responses").TryGetProperty("422", out _));
    }

    [Theory]
    [InlineData("intake", "/api/calls")]
    [InlineData("routing", "/api/catalogue")]
    [InlineData("cases", "/api/cases/{id}/history")]
    public async Task The_gateway_serves_each_service_openapi_description(string service, string path)
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out _), $"{service} does not describe {path}");
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task The_case_flow_is_counted_without_personal_data()
    {
        using var liaison = system.As("liaison", "SW");
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂", new { name = "钱七", phone = "13600002222" }));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        await liaison.DoAsync(logged.CaseId, "claim", new { }, routed.Version);
        using var http = new HttpClient { BaseAddress = system.Service("cases").BaseAddress };

        // Metrics are exported on an interval: wait for the claim to show.
        var metrics = await Eventually.GetAsync(() => http.GetStringAsync("/metrics"), text => text.Contains("cases_claimed_total"), TimeSpan.FromSeconds(30), "the claim in /metrics");

        Assert.Contains("cases_opened_total", metrics);
        Assert.Contains("cases_routed_total{", metrics);
        Assert.Contains("cases_time_to_claim_seconds_bucket", metrics);
        Assert.DoesNotContain("13600002222", metrics);
        Assert.DoesNotContain(logged.CaseId.ToString(), metrics);
    }

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_format()
    {
        await system.LogCallAsync(Calls.Valid());
        using var http = new HttpClient { BaseAddress = system.Service("intake").BaseAddress };

        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds", metrics);
    }
}
