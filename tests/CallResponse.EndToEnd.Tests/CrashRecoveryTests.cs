using System.Collections.Concurrent;
using System.Net.Http.Json;
using CallResponse.Testing;
using Xunit.Abstractions;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A service is killed (SIGKILL) while calls flow and started again: every call that was answered
/// 2xx ends up routed exactly once. Calls whose answer was lost in the crash may or may not exist
/// (they are counted as "recovered" when they do), but never twice. Each test runs its own system.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CallCount = 120;
    private const int Clients = 6;
    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string>());

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Theory]
    [InlineData("cases")]
    [InlineData("routing")]
    [InlineData("intake")]
    public async Task Every_accepted_call_is_routed_exactly_once_when_a_service_is_killed_mid_flow(string victim)
    {
        var outcomes = new ConcurrentDictionary<string, Guid?>();
        var accepted = 0;
        var crash = Task.Run(async () =>
        {
            await Eventually.GetAsync(() => Task.FromResult(Volatile.Read(ref accepted)), count => count >= CallCount / 3, TimeSpan.FromSeconds(60), "a third of the calls");
            system.Service(victim).Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await system.Service(victim).StartAsync();
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, CallCount), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (n, _) =>
        {
            var key = $"crash-{victim}-{n}";
            outcomes[key] = await TryLogCallAsync(key);
            if (outcomes[key] is not null)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        await crash;

        var acknowledged = outcomes.Values.OfType<Guid>().ToList();
        foreach (var caseId in acknowledged)
        {
            await system.WaitUntilRoutedAsync(caseId, TimeSpan.FromSeconds(90));
        }

        // A call committed just before the crash, its answer lost ("unknown"), is still on its way: let the system drain.
        // Had it been lost, the counts would never meet and this would time out.
        await Eventually.GetAsync(
            async () => (Logged: await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"),
                Routed: await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where type = 'case_routed'")),
            counts => counts.Logged == counts.Routed,
            TimeSpan.FromSeconds(90),
            "every logged call to be routed");
        var opened = await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where type = 'case_opened'");
        var routed = await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where type = 'case_routed'");
        var cases = await system.Database.ScalarAsync<long>("select count(distinct stream_id) from cases.mt_events");
        var logged = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        output.WriteLine($"{victim} killed: {acknowledged.Count} acknowledged, {CallCount - acknowledged.Count} unknown, {logged} logged, {cases} cases, {routed} routed");

        Assert.True(acknowledged.Count >= CallCount / 3, "the crash came before enough calls were accepted");
        Assert.Equal(logged, cases);            // every logged call became a case: none lost between services
        Assert.Equal(cases, opened);            // ... opened once
        Assert.Equal(cases, routed);            // ... and routed once
        Assert.InRange(logged, acknowledged.Count, CallCount);
        await MeasureTotalsAgreeWithTheCasesAsync();
    }

    /// <summary>The measure totals, kept by an async projection through the crash, count every case once (as a recomputation does).</summary>
    private async Task MeasureTotalsAgreeWithTheCasesAsync()
    {
        var check = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<MeasureCheck>("/api/admin/read-models/measures/check")!,
            found => found!.Differences == 0,
            TimeSpan.FromSeconds(60),
            "the measure totals to agree with a recomputation from the cases");
        Assert.Equal(0, check!.Differences);
    }

    private sealed record MeasureCheck(long Differences, double Seconds);

    [Fact]
    public async Task Calls_accepted_during_a_broker_outage_are_all_routed_once_it_is_back()
    {
        await system.Broker.CutOffAsync();
        var accepted = new List<Guid>();
        try
        {
            for (var n = 0; n < 30; n++)
            {
                // Intake needs only PostgreSQL to accept a call: the outbox holds it for the broker.
                accepted.Add((await system.LogCallAsync(Calls.Valid())).CaseId);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(0L, await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events"));
        }
        finally
        {
            await system.Broker.RestoreAsync();
        }

        foreach (var caseId in accepted)
        {
            await system.WaitUntilRoutedAsync(caseId, TimeSpan.FromSeconds(120));
        }

        Assert.Equal(30L, await system.Database.ScalarAsync<long>("select count(*) from cases.mt_events where type = 'case_routed'"));
        await MeasureTotalsAgreeWithTheCasesAsync();
    }

    /// <summary>Logs one call; its id when the answer was 2xx, null when the outcome is unknown.</summary>
    private async Task<Guid?> TryLogCallAsync(string idempotencyKey)
    {
        try
        {
            using var request = RunningSystem.NewCall(Calls.Valid(), idempotencyKey);
            using var response = await system.Gateway.SendAsync(request);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<LoggedCall>())!.CaseId : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
