using CallResponse.Cases.Deadlines;
using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Supervision;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Deadlines;

/// <summary>
/// What a breach does to a case (督办): the unit keeps a case it is late on and its supervisors get an order,
/// settled when the unit acts or the case leaves it; only an item that escalates on a breach goes up.
/// </summary>
public sealed class BreachTests
{
    private static readonly TimeSpan ReplyWithin = TimeSpan.FromHours(24);
    private static readonly Assignment District = new(CaseAssignments.District, "LW", "荔湾区", ["CG"]);

    [Fact]
    public void A_response_breach_keeps_the_case_with_its_unit_and_opens_one_order_for_it()
    {
        var routed = Sample.In(CaseStatus.Routed);
        var breach = Breach(routed, DeadlineKinds.Response);

        var events = OnBreach(routed, breach);

        Assert.Equal(2, events.Count);
        Assert.IsType<SlaBreachRecorded>(events[0]);
        var ordered = Assert.IsType<SupervisionOrdered>(events[1]);
        Assert.Equal(
            (routed.Id, DeadlineKinds.Response, "SW", breach.BreachedAt + ReplyWithin, breach.BreachedAt),
            (ordered.CaseId, ordered.DeadlineKind, ordered.UnitCode, ordered.DueAt, ordered.OrderedAt));
        var after = Fold(routed, events);
        Assert.Equal((CaseStatus.Routed, "SW", 0), (after.Status, after.Assignment!.UnitCode, after.EscalationCount));
        Assert.Equal(1, after.SupervisionOrderCount);
        Assert.Equal(SupervisionStates.Open, Assert.Single(after.SupervisionOrders).State);
    }

    [Fact]
    public void A_redelivered_breach_opens_no_second_order()
    {
        var routed = Sample.In(CaseStatus.Routed);
        var breach = Breach(routed, DeadlineKinds.Response);
        var after = Fold(routed, OnBreach(routed, breach));

        Assert.Empty(OnBreach(after, breach));
        Assert.Equal(
            ((SupervisionOrdered)OnBreach(routed, breach)[1]).OrderId,
            Assert.Single(after.SupervisionOrders).OrderId); // the order's id is the breach's, however often it comes
    }

    [Fact]
    public void The_claim_meets_a_response_order()
    {
        var routed = Sample.In(CaseStatus.Routed);
        var ordered = Fold(routed, OnBreach(routed, Breach(routed, DeadlineKinds.Response)));

        var claimed = ordered.Apply(new CaseClaimed(routed.Id, "SW", Sample.At.AddHours(2)));

        var order = Assert.Single(claimed.SupervisionOrders);
        Assert.Equal((SupervisionStates.Met, Sample.At.AddHours(2)), (order.State, order.SettledAt));
        Assert.Equal(1, claimed.SupervisionOrderCount);
    }

    [Fact]
    public void The_resolution_meets_a_resolution_order_and_the_claim_does_not()
    {
        var working = Sample.In(CaseStatus.InProgress);
        var ordered = Fold(working, OnBreach(working, Breach(working, DeadlineKinds.Resolution)));
        Assert.Equal(
            (DeadlineKinds.Resolution, SupervisionStates.Open),
            (ordered.SupervisionOrders[0].DeadlineKind, ordered.SupervisionOrders[0].State));

        var resolved = ordered.Apply(new CaseResolved(working.Id, "SW", "已修复", Sample.At.AddDays(2)));

        Assert.Equal(SupervisionStates.Met, Assert.Single(resolved.SupervisionOrders).State);
    }

    public static TheoryData<string> Moves() => ["return", "reassign", "escalate", "merge", "close"];

    [Theory]
    [MemberData(nameof(Moves))]
    public void An_order_is_withdrawn_when_the_case_leaves_the_unit(string move)
    {
        var working = Sample.In(CaseStatus.Claimed);
        var ordered = Fold(working, OnBreach(working, Breach(working, DeadlineKinds.Resolution)));
        var at = Sample.At.AddDays(1);

        object step = move switch
        {
            "return" => new CaseReturned(working.Id, "SW", "非本单位职责", Sample.Desk, at),
            "reassign" => new CaseReassigned(working.Id, new Assignment("department", "ZJ", "区住建局", []), "改派", at),
            "escalate" => new CaseEscalated(working.Id, Sample.Water, District, "上报", at),
            "merge" => new CaseMerged(working.Id, Guid.NewGuid(), "重复", at),
            _ => new CaseClosed(working.Id, "feedback", true, at),
        };
        var moved = Fold(ordered, [step]);

        var order = Assert.Single(moved.SupervisionOrders);
        Assert.Equal((SupervisionStates.Withdrawn, at), (order.State, order.SettledAt));
    }

    [Fact]
    public void An_item_that_escalates_on_a_breach_still_goes_one_level_up_without_an_order()
    {
        var gas = Sample.RoutedTo(Sample.Water, escalateOnBreach: true);

        var events = OnBreach(gas, Breach(gas, DeadlineKinds.Response));

        var escalated = Assert.IsType<CaseEscalated>(events[1]);
        Assert.Equal(("LW", "超时未认领，自动上报"), (escalated.To.UnitCode, escalated.Reason));
        Assert.Equal(2, events.Count);
        Assert.True(gas.EscalateOnBreach);
    }

    [Fact]
    public void At_the_top_an_item_that_escalates_gets_an_order_instead()
    {
        var atDistrict = Sample.RoutedTo(District, escalateOnBreach: true);

        var events = OnBreach(atDistrict, Breach(atDistrict, DeadlineKinds.Response, "LW"), _ => null);

        Assert.Equal("LW", Assert.IsType<SupervisionOrdered>(events[1]).UnitCode);
    }

    [Fact]
    public void A_breach_no_longer_late_is_recorded_only()
    {
        var claimed = Sample.In(CaseStatus.Claimed);

        // The response deadline's breach arrives after a claim that won the race: nothing to press for.
        Assert.IsType<SlaBreachRecorded>(Assert.Single(OnBreach(claimed, Breach(claimed, DeadlineKinds.Response))));
        Assert.Single(OnBreach(claimed, Breach(claimed, DeadlineKinds.Feedback)));
    }

    [Fact]
    public void A_later_routing_by_hand_keeps_the_first_routings_rule()
    {
        var gas = Sample.RoutedTo(Sample.Desk, escalateOnBreach: true);

        var routedByHand = gas.Apply(new CaseDispatched(
            gas.Id, gas.TrackingNumber, gas.ItemCode, gas.Place.Grid, Guid.NewGuid(), Sample.Water, "manual", "2026.1",
            "人工派单", Sample.At, null, null, "LW-HL-01", "LW-HL", "LW", null));

        Assert.True(routedByHand.EscalateOnBreach);
    }

    private static IReadOnlyList<object> OnBreach(
        Case current, SlaBreached breach, Func<Case, Assignment?>? oneLevelUp = null) =>
        RecordSlaNotices.OnBreach(current, breach, oneLevelUp ?? (_ => District), ReplyWithin);

    private static SlaBreached Breach(Case current, string kind, string unit = "SW") =>
        new(current.Id, Guid.NewGuid(), kind, unit, Sample.At.AddMinutes(30), Sample.At.AddMinutes(30));

    private static Case Fold(Case current, IEnumerable<object> events) =>
        events.Aggregate(current, (state, @event) => (Case)((dynamic)state).Apply((dynamic)@event));
}
