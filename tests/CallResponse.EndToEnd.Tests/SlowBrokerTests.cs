using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// A broker that answers, but slowly: intake's outbox waits for its confirms as long as they keep
/// coming, rather than abandoning the page after a fixed time and publishing it again, forever.
/// </summary>
public sealed class SlowBrokerTests : IAsyncLifetime
{
    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string>(), linkBrokerOf: "intake");

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task A_large_page_through_a_slow_broker_is_published_once_it_gets_through()
    {
        // Intake cannot reach the broker while 200 calls are logged: its outbox then holds them all, one page.
        system.BrokerLink!.Cut();
        var accepted = new List<Guid>();
        for (var n = 0; n < 200; n++)
        {
            accepted.Add((await system.LogCallAsync(Calls.Valid(), $"slow-{n}")).CaseId);
        }

        // About half a megabyte of messages at 16 KB/s: some 30 s, twice what a whole page used to be allowed.
        system.BrokerLink.BytesPerSecond = 16 * 1024;
        system.BrokerLink.Restore();

        await Eventually.GetAsync(
            () => system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where type = 'case_opened' and stream_id = any($1)", accepted.ToArray()),
            opened => opened == accepted.Count,
            TimeSpan.FromMinutes(4),
            "every call to reach the cases service");
    }
}
