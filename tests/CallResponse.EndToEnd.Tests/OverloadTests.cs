using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// More calls than the pipeline can take: the backlog waits in PostgreSQL, in the publisher's outbox,
/// not in RabbitMQ's memory, and the publisher shows how far behind it is.
/// </summary>
public sealed class OverloadTests : IAsyncLifetime
{
    private const int QueueLimit = 50;
    private const int Delivered = 2 * 50; // two batches of 50 handed to the consumer already, not counted by the limit
    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string>());

    public async Task InitializeAsync()
    {
        await system.InitializeAsync();
        await system.Broker.LimitQueuesAsync(QueueLimit);
    }

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task A_backlog_beyond_the_queue_waits_in_the_outbox_and_drains_when_the_consumer_is_back()
    {
        system.Service("cases").Freeze(); // the consumer that falls behind
        var accepted = new List<Guid>();
        for (var n = 0; n < 250; n++)
        {
            accepted.Add((await system.LogCallAsync(Calls.Valid(), $"overload-{n}")).CaseId);
        }

        var behind = await Eventually.GetAsync(
            () => OutboxBehindAsync(),
            events => events >= accepted.Count - QueueLimit - Delivered,
            TimeSpan.FromSeconds(30),
            "intake's outbox to show the calls it holds back");
        Assert.InRange(await system.Broker.QueueDepthAsync("cases-open-case-on-call-logged"), 0, QueueLimit + Delivered);
        Assert.InRange(behind, accepted.Count - QueueLimit - Delivered, accepted.Count);

        system.Service("cases").Thaw();

        await Eventually.GetAsync(
            () => system.Database.ScalarAsync<long>(
                "select count(*) from cases.mt_events where type = 'case_routed' and stream_id = any($1)", accepted.ToArray()),
            routed => routed == accepted.Count,
            TimeSpan.FromMinutes(3),
            "every call to be routed once the cases service takes them again");
    }

    /// <summary>Intake's outbox lag, as its metrics show it.</summary>
    private async Task<long> OutboxBehindAsync()
    {
        var metrics = await system.Anonymous().GetStringAsync(new Uri(system.Service("intake").BaseAddress, "/metrics"));
        var line = metrics.Split('\n').FirstOrDefault(line => line.StartsWith("eventstore_behind", StringComparison.Ordinal)
                                                               && line.Contains("shard=\"outbox:All\"", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
