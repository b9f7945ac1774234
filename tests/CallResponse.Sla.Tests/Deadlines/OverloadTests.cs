using CallResponse.Contracts.Cases;

namespace CallResponse.Sla.Tests.Deadlines;

/// <summary>
/// The SLA service with its queues bounded to 50 ready messages, and the default ten retries: a step of
/// a case never routed holds a consumer for about a minute of retries before it is parked.
/// </summary>
public sealed class OverloadedSlaService : SlaService
{
    protected override int QueueLimit => 50;

    protected override int RetryLimit => 10;
}

/// <summary>Deadlines keep firing while the state machine's queue of case steps is full and refuses more.</summary>
public sealed class OverloadTests(OverloadedSlaService service) : IClassFixture<OverloadedSlaService>
{
    [Fact]
    public async Task A_deadline_fires_while_the_queue_of_case_steps_is_full()
    {
        var caseId = await service.RouteAsync("PT15S");

        // Steps of cases never routed, more than the queue takes: it stays full for a minute. Those it
        // refuses are not waited for long.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                var step = new CaseClaimed(Guid.NewGuid(), "SW", DateTimeOffset.UtcNow, 3);
                await service.PublishAsync(step, patience.Token);
            }
            catch (Exception refused) when (refused is OperationCanceledException || !patience.IsCancellationRequested)
            {
                // nacked or not confirmed in time: the queue is full, as intended
            }
        }));

        var deadlines = await service.DeadlinesAsync(
            caseId, found => found.Single().GetProperty("state").GetString() == "breached", 35);

        Assert.Single(deadlines);
    }
}
