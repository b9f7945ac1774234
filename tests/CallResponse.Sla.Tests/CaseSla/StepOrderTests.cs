using CallResponse.Contracts.Cases;
using CallResponse.Contracts.Routing;

namespace CallResponse.Sla.Tests.CaseSla;

/// <summary>The SLA service with the default ten retries: a step that comes too early is retried for a while.</summary>
public sealed class PatientSlaService : SlaService
{
    protected override int RetryLimit => 10;
}

/// <summary>Case steps handled in another order than the case took them.</summary>
public sealed class StepOrderTests(PatientSlaService service) : IClassFixture<PatientSlaService>
{
    [Fact]
    public async Task A_claim_handled_before_the_reassignment_it_follows_waits_for_it()
    {
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await service.PublishAsync(SlaService.Routed(caseId, "SW", at, "PT1H", 2));
        await service.DeadlinesAsync(caseId, found => found.Length == 1);
        // A supervisor gave the case to CG (version 3), and CG claimed it (version 4): the claim is handled first.
        await service.PublishAsync(new CaseClaimed(caseId, "CG", at.AddMinutes(2), 4));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var reassigned = new CaseReassigned(
            caseId, new Assignment("department", "CG", "CG", []), "reassigned", "改派", at.AddMinutes(1), 3);
        await service.PublishAsync(reassigned);

        var deadlines = await service.DeadlinesAsync(
            caseId, found => found.Any(deadline => Kind(deadline) == "resolution"), 40);

        var responses = deadlines.Where(deadline => Kind(deadline) == "response")
            .ToDictionary(deadline => deadline.GetProperty("unit").GetString()!, State);
        Assert.Equal("cancelled", responses["SW"]);
        Assert.Equal("met", responses["CG"]);
    }

    [Fact]
    public async Task A_claim_by_a_unit_the_case_has_left_changes_nothing()
    {
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await service.PublishAsync(SlaService.Routed(caseId, "SW", at, "PT1H", 2));
        var reassigned = new CaseReassigned(
            caseId, new Assignment("department", "CG", "CG", []), "reassigned", "改派", at.AddMinutes(1), 4);
        await service.PublishAsync(reassigned);
        await service.DeadlinesAsync(caseId, found => found.Length == 2);
        await service.PublishAsync(new CaseClaimed(caseId, "SW", at.AddMinutes(2), 3));
        await service.PublishAsync(new WhistleBlown(caseId, ["D01"], at.AddHours(1), at.AddMinutes(3), 5));

        var deadlines = await service.DeadlinesAsync(
            caseId, found => found.Any(deadline => Kind(deadline) == "whistle:D01"));

        Assert.DoesNotContain(deadlines, deadline => Kind(deadline) == "resolution");
        var open = deadlines.Where(deadline => Kind(deadline) == "response" && State(deadline) == "pending");
        Assert.Equal("CG", Assert.Single(open).GetProperty("unit").GetString());
    }

    [Fact]
    public async Task A_whistle_supersedes_no_step_and_none_supersedes_it()
    {
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await service.PublishAsync(SlaService.Routed(caseId, "SW", at, "PT1H", 2));
        await service.DeadlinesAsync(caseId, found => found.Length == 1);
        // The case was given to CG (version 3) and the street then blew the whistle (version 4): the whistle comes
        // first, then the reassignment, then the whistle again (a redelivery).
        var whistle = new WhistleBlown(caseId, ["D01"], at.AddHours(1), at.AddMinutes(2), 4);
        await service.PublishAsync(whistle);
        await service.DeadlinesAsync(caseId, found => found.Any(deadline => Kind(deadline) == "whistle:D01"));
        await service.PublishAsync(new CaseReassigned(
            caseId, new Assignment("department", "CG", "CG", []), "reassigned", "改派", at.AddMinutes(1), 3));
        await service.PublishAsync(whistle);

        var deadlines = await service.DeadlinesAsync(caseId, found => found.Length == 3);

        var open = deadlines.Where(deadline => Kind(deadline) == "response" && State(deadline) == "pending");
        Assert.Equal("CG", Assert.Single(open).GetProperty("unit").GetString());
        Assert.Single(deadlines, deadline => Kind(deadline) == "whistle:D01");
    }

    private static string? Kind(System.Text.Json.JsonElement deadline) => deadline.GetProperty("kind").GetString();

    private static string? State(System.Text.Json.JsonElement deadline) => deadline.GetProperty("state").GetString();
}
