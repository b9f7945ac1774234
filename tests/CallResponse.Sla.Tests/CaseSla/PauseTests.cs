using System.Text.Json;
using CallResponse.Contracts.Cases;

namespace CallResponse.Sla.Tests.CaseSla;

/// <summary>挂起 in the SLA service: a pause and its resumption, each delivered twice, move the deadline once.</summary>
public sealed class PauseTests(PatientSlaService service) : IClassFixture<PatientSlaService>
{
    [Fact]
    public async Task A_pause_and_its_resumption_delivered_twice_continue_the_deadline_once_later_by_the_pause()
    {
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await service.PublishAsync(SlaService.Routed(caseId, "SW", at, "PT1H", 2));
        await service.PublishAsync(new CaseClaimed(caseId, "SW", at.AddMinutes(5), 3));
        var opened = await service.DeadlinesAsync(caseId, found => found.Any(deadline => Kind(deadline) == "resolution"));
        var firstDue = Due(opened.Single(deadline => Kind(deadline) == "resolution"));

        var paused = new CasePaused(caseId, at.AddMinutes(10), at.AddDays(1), 5);
        var resumed = new CaseResumed(caseId, paused.PausedAt, at.AddHours(3).AddMinutes(10), 6);
        await service.PublishAsync(paused);
        await service.DeadlinesAsync(caseId, found => found.Any(deadline => State(deadline) == "paused"));
        await service.PublishAsync(paused);
        await service.PublishAsync(resumed);
        await service.PublishAsync(resumed);
        // A later whistle is applied after both redeliveries: once it shows, they have been handled.
        await service.PublishAsync(new WhistleBlown(caseId, ["D01"], at.AddHours(5), at.AddHours(4), 7));

        var deadlines = await service.DeadlinesAsync(
            caseId, found => found.Any(deadline => Kind(deadline) == "whistle:D01"));

        var resolutions = deadlines.Where(deadline => Kind(deadline) == "resolution").ToList();
        Assert.Equal(new string?[] { "paused", "pending" }, resolutions.Select(State));
        Assert.Equal(paused.PausedAt, resolutions[0].GetProperty("settledAt").GetDateTimeOffset());
        Assert.Equal(firstDue + TimeSpan.FromHours(3), Due(resolutions[1]));
        Assert.Equal("met", State(deadlines.Single(deadline => Kind(deadline) == "response")));
    }

    private static string? Kind(JsonElement deadline) => deadline.GetProperty("kind").GetString();

    private static string? State(JsonElement deadline) => deadline.GetProperty("state").GetString();

    private static DateTimeOffset Due(JsonElement deadline) => deadline.GetProperty("dueAt").GetDateTimeOffset();
}
