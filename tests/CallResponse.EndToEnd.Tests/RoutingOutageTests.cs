using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Intake never waits on routing: it checks calls against its own stored copy of the catalogue and area
/// codes, which it refreshes in the background (here every second, so the copy is stale within the test).
/// Each test has its own system, since each stops routing.
/// </summary>
public sealed class RoutingOutageTests : IAsyncLifetime
{
    /// <summary>Far below what waiting on routing took (6–9 s a call when it was dead).</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(1);

    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string> { ["Catalogue__RefreshAfter"] = "00:00:01" });

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task With_routing_dead_calls_are_accepted_quickly_even_by_an_intake_restarted_meanwhile()
    {
        await system.LogCallAsync(Calls.Valid()); // the first call warms the path up; routing plays no part in that
        system.Service("routing").Kill();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the copy is older than its refresh interval now

        for (var n = 0; n < 20; n++)
        {
            await AssertAcceptedQuicklyAsync($"dead-{n}");
        }

        system.Service("intake").Kill();
        await system.Service("intake").StartAsync();

        // A fresh process's first answer is slow by itself; without a stored copy it was a 503.
        await system.LogCallAsync(Calls.Valid(), "after-restart");
    }

    [Fact]
    public async Task With_routing_hanging_calls_are_accepted_never_a_500()
    {
        await system.LogCallAsync(Calls.Valid());
        system.Service("routing").Freeze();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            for (var n = 0; n < 10; n++)
            {
                await AssertAcceptedQuicklyAsync($"frozen-{n}");
            }
        }
        finally
        {
            system.Service("routing").Thaw();
        }
    }

    [Fact]
    public async Task A_stale_copy_shows_as_degraded_readiness_and_its_age_as_a_gauge()
    {
        using var intake = new HttpClient { BaseAddress = system.Service("intake").BaseAddress };
        Assert.Equal("Healthy", await CopyStatusAsync(intake));

        system.Service("routing").Kill();
        await Task.Delay(TimeSpan.FromSeconds(4));

        using var ready = await intake.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await CopyStatusAsync(intake));
        var metrics = await intake.GetStringAsync("/metrics");
        Assert.Contains("reference_copy_age_seconds{", metrics);
    }

    [Fact]
    public async Task An_intake_that_never_had_a_copy_answers_503_with_retry_after_until_routing_answers()
    {
        system.Service("routing").Kill();
        system.Service("intake").Kill();
        await system.Database.ScalarAsync<long>("with gone as (delete from intake.mt_doc_referencecopy returning 1) select count(*) from gone");
        await system.Service("intake").StartAsync();

        using var refused = await system.Gateway.SendAsync(RunningSystem.NewCall(Calls.Valid(), "no-copy"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        await system.Service("routing").StartAsync();
        await Eventually.GetAsync(
            async () =>
            {
                using var response = await system.Gateway.SendAsync(RunningSystem.NewCall(Calls.Valid(), "no-copy"));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30),
            "intake to fetch its first copy once routing answers");
    }

    [Fact]
    public async Task With_routing_dead_the_cases_service_still_checks_departments_from_its_copy()
    {
        using var liaison = system.As("liaison", "SW");
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01"));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        var claimed = await liaison.DoAsync(logged.CaseId, "claim", new { }, routed.Version);
        system.Service("routing").Kill();

        var started = Stopwatch.StartNew();
        using var assist = await liaison.SendAsync(logged.CaseId, "request-assistance", new { department = "JT", note = "需交通部门配合" }, claimed.Version);
        var took = started.Elapsed;

        Assert.Equal(HttpStatusCode.OK, assist.StatusCode);
        Assert.True(took < Quickly, $"request-assistance took {took.TotalMilliseconds:F0} ms");
    }

    private async Task AssertAcceptedQuicklyAsync(string key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var started = Stopwatch.StartNew();
        using var response = await system.Gateway.SendAsync(RunningSystem.NewCall(Calls.Valid(), key), timeout.Token);
        var took = started.Elapsed;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(took < Quickly, $"call {key} took {took.TotalMilliseconds:F0} ms");
    }

    private static async Task<string?> CopyStatusAsync(HttpClient intake)
    {
        using var response = await intake.GetAsync("/health/ready");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        return report.GetProperty("checks").GetProperty("reference-catalogue").GetProperty("status").GetString();
    }
}
