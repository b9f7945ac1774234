using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class ClaimTests
{
    [Fact]
    public void Claiming_a_routed_case_claims_it_for_its_unit()
    {
        var routed = Sample.In(CaseStatus.Routed);

        var decision = Claim.Decide(Then.Given(routed), new Claim.Request());

        Then.Events(decision, new CaseClaimed(routed.Id, "SW", Sample.At));
    }
}

public sealed class ReturnTests
{
    /// <summary>The window the endpoint worked out: still open at <see cref="Sample.At"/>.</summary>
    private static readonly DateTimeOffset OpenWindow = Sample.At.AddMinutes(30);

    private static Decision Returning(Case state, Return.Request request, DateTimeOffset? returnBy = null) =>
        Return.Decide(Then.Given(state), request, returnBy ?? OpenWindow);

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_return_needs_a_note(string? reason) =>
        Then.Invalid(Returning(Sample.In(CaseStatus.Routed), new Return.Request("not-our-duty", reason)), "reason");

    [Theory]
    [InlineData(null)]
    [InlineData("not-mine")]
    public void A_return_needs_a_coded_reason(string? code) =>
        Then.Invalid(Returning(Sample.In(CaseStatus.Routed), new Return.Request(code, "不属于本单位")), "reasonCode");

    [Fact]
    public void A_note_longer_than_500_characters_is_refused() =>
        Then.Invalid(
            Returning(Sample.In(CaseStatus.Routed), new Return.Request("not-our-duty", new string('因', 501))),
            "reason");

    [Fact]
    public void A_returned_case_waits_at_its_streets_triage_desk_with_the_note_trimmed()
    {
        var routed = Sample.In(CaseStatus.Routed);

        var decision = Returning(routed, new Return.Request("not-our-duty", "  不属于本单位职责  "));

        var desk = new Assignment(AssignmentLevels.TriageDesk, "LW-HL", "LW-HL 分拨台", []);
        Then.Events(
            decision, new CaseReturned(routed.Id, "SW", "不属于本单位职责", desk, Sample.At, "not-our-duty"));
    }

    [Fact]
    public void A_return_after_the_window_closed_is_refused() =>
        Then.Refused(
            Returning(Sample.In(CaseStatus.Routed), new Return.Request("address-unclear", "地址不详"), Sample.At.AddSeconds(-1)),
            409);

    [Fact]
    public void A_case_fixed_to_its_unit_cannot_be_returned() =>
        Then.Refused(
            Returning(Sample.In(CaseStatus.Routed) with { AssignmentFixed = true }, new Return.Request("duplicate", "重复")),
            409);
}

public sealed class ReturnReviewTests
{
    private static Case Returned() => Sample.In(CaseStatus.Routed).Apply(
        new CaseReturned(Guid.Empty, "SW", "不属于本单位", Sample.Desk, Sample.At.AddMinutes(5), "not-our-duty"));

    [Fact]
    public void A_rejected_return_gives_the_case_back_on_the_clock_of_its_first_dispatch()
    {
        var returned = Returned();

        var decision = RejectReturn.Decide(Then.Given(returned, Then.StreetDispatcher), new RejectReturn.Request("属供水管网"));

        Then.Events(decision, new ReturnRejected(returned.Id, Sample.Water, "属供水管网", Sample.At));
        var back = returned.Apply(new ReturnRejected(returned.Id, Sample.Water, "属供水管网", Sample.At.AddMinutes(9)));
        Assert.Equal((CaseStatus.Routed, Sample.Water, Sample.At, null), (back.Status, back.Assignment, back.RoutedAt, back.PendingReturn));
        Assert.Equal(1, back.ReturnCount);
    }

    [Fact]
    public void A_rejection_needs_a_note() =>
        Then.Invalid(RejectReturn.Decide(Then.Given(Returned(), Then.StreetDispatcher), new RejectReturn.Request(" ")), "note");

    [Fact]
    public void Routing_a_returned_case_back_to_the_unit_that_returned_it_is_refused()
    {
        var routing = RoutingCheck.Outcome.Of(new RoutingCheck.CheckedDecision(Sample.Water, "manual", "2026.1", "人工派单"));

        Then.Invalid(Route.Decide(Then.Given(Returned(), Then.StreetDispatcher), new Route.Request("department", "SW"), routing), "level");
    }

    [Fact]
    public void After_two_returns_only_a_supervisor_fixes_the_case_to_a_unit()
    {
        var twice = Returned().Apply(new CaseDispatched(Guid.Empty, "LW-20261124-000001", "WATER-01", "LW-HL-01-G01", Guid.NewGuid(), Sample.Water with { UnitCode = "CG" }, "manual", "2026.1", "人工派单", Sample.At, "WATER", "urgent", "LW-HL-01", "LW-HL", "LW", null))
            .Apply(new CaseReturned(Guid.Empty, "CG", "不属于本单位", Sample.Desk, Sample.At, "not-our-duty"));

        Assert.NotNull(CaseStateMachine.Refusal(twice, CaseCommandNames.Route));
        Assert.Null(CaseStateMachine.Refusal(twice, CaseCommandNames.FixAssignment));
        var fixedCase = twice.Apply(new AssignmentFixed(twice.Id, Sample.Water, "经研判属水务", Sample.At));
        Assert.True(fixedCase.AssignmentFixed);
        Assert.Equal(Sample.Water, fixedCase.Assignment);
    }
}
