using CallResponse.Cases.Publishing;
using CallResponse.Contracts.Routing;
using JasperFx.Events;
using Public = CallResponse.Contracts.Cases;

namespace CallResponse.Cases.Tests;

public sealed class CaseTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly CaseAccepted Opened = new(Id, "LW-20261124-000001", "CITY-01", "LW-HL-01-G01", "垃圾", "walk-in", At, At, "grid-worker", "LW-HL-01", "LW-HL", "LW");
    private static readonly CaseDispatched Routed = new(
        Id, "LW-20261124-000001", "CITY-01", "LW-HL-01-G01", Guid.NewGuid(),
        new Assignment("community", "LW-HL-01", "华林社区", []), "level.community", "2026.1", "由社区响应", At.AddSeconds(1),
        "CITY", "ordinary", "LW-HL-01", "LW-HL", "LW", null);

    [Fact]
    public void An_opened_case_waits_for_routing()
    {
        var opened = Case.Create(Opened);

        Assert.Equal(CaseStatus.Open, opened.Status);
        Assert.Null(opened.Assignment);
    }

    [Fact]
    public void A_routed_case_records_the_decision()
    {
        var routed = Case.Create(Opened).Apply(Routed);

        Assert.Equal(CaseStatus.Routed, routed.Status);
        Assert.Equal(Routed.Assignment, routed.Assignment);
        Assert.Equal((Routed.DecisionId, "2026.1", "level.community"), (routed.RoutingDecisionId!.Value, routed.CatalogueVersion, routed.RuleId));
    }

    [Fact]
    public void Opened_and_routed_cases_are_published_in_their_public_shape()
    {
        var map = new CaseMessages();

        Assert.Equal(new Public.CaseOpened(Id, Opened.TrackingNumber, "CITY-01", "LW-HL-01-G01", At, At, "LW-HL"), map.ToMessage(Stored(Opened)));
        Assert.Equal(
            new Public.CaseRouted(
                Id, Routed.TrackingNumber, "CITY-01", "LW-HL-01-G01", Routed.Assignment, "level.community", "2026.1",
                Routed.RoutedAt, "ordinary", "LW-HL-01", "LW-HL", "LW", null, 2),
            map.ToMessage(Stored(Routed, version: 2)));
        Assert.Null(map.ToMessage(Stored("an event nobody else needs")));
    }

    /// <summary>The event as the store hands it to the outbox, at its place in the case's stream.</summary>
    private static Event<T> Stored<T>(T data, long version = 1)
        where T : notnull => new(data) { Version = version };
}
