using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using Microsoft.AspNetCore.Http;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

/// <summary>Routing by hand, reassignment and escalation: each takes routing's check of the choice.</summary>
public sealed class AssignTests
{
    private static readonly Assignment UrbanManagement = new(AssignmentLevels.Department, "CG", "区城管委", []);
    private static readonly Assignment Street = new(AssignmentLevels.Street, "LW-HL", "华林街道", ["CG"]);

    private static readonly RoutingCheck.Outcome RoutingAway = RoutingCheck.Outcome.Refused(
        new Decision.Refuse(StatusCodes.Status503ServiceUnavailable, "Routing cannot check the choice now.", ""));

    private static RoutingCheck.Outcome Checked(Assignment assignment) =>
        RoutingCheck.Outcome.Of(new RoutingCheck.CheckedDecision(assignment, "manual", "2026.1", "人工派单：城管"));

    [Fact]
    public void Routing_by_hand_gives_the_case_to_the_checked_unit_keeping_its_place()
    {
        var atDesk = Sample.RoutedTo(Sample.Desk);

        var decision = Route.Decide(
            Then.Given(atDesk, Then.StreetDispatcher), new("department", "CG"), Checked(UrbanManagement));

        var routed = Assert.IsType<CaseDispatched>(Assert.Single(Assert.IsType<Decision.Accept>(decision).Events));
        Assert.Equal(
            (atDesk.Id, UrbanManagement, "manual", "2026.1", "人工派单：城管", Sample.At),
            (routed.CaseId, routed.Assignment, routed.RuleId, routed.CatalogueVersion, routed.Reason, routed.RoutedAt));
        Assert.Equal(
            (atDesk.ItemCode, atDesk.Place.Grid, "LW-HL-01", "LW-HL", "LW"),
            (routed.ItemCode, routed.GridCode, routed.CommunityCode, routed.StreetCode, routed.DistrictCode));
    }

    [Fact]
    public void What_routing_refuses_is_the_answer()
    {
        var atDesk = Sample.RoutedTo(Sample.Desk);

        Assert.Same(RoutingAway.Refusal, Route.Decide(Then.Given(atDesk), new("department", "CG"), RoutingAway));
        Assert.Same(RoutingAway.Refusal, Reassign.Decide(Then.Given(atDesk), new("department", "CG"), RoutingAway));
    }

    [Fact]
    public void A_reassignment_to_the_unit_the_case_is_with_is_refused()
    {
        var routed = Sample.In(CaseStatus.Routed);
        var sameUnit = Checked(Sample.Water);

        Then.Invalid(Reassign.Decide(Then.Given(routed), new("department", "SW"), sameUnit), "level");
    }

    [Fact]
    public void A_reassignment_gives_the_case_to_the_checked_unit()
    {
        var routed = Sample.In(CaseStatus.Routed);

        Then.Events(
            Reassign.Decide(Then.Given(routed), new("department", "CG"), Checked(UrbanManagement)),
            new CaseReassigned(routed.Id, UrbanManagement, "人工派单：城管", Sample.At));
    }

    [Fact]
    public void An_escalation_needs_a_reason_before_anything_else() =>
        Then.Invalid(
            Escalate.Decide(Then.Given(Sample.In(CaseStatus.Routed)), new Escalate.Request(" "), RoutingAway), "reason");

    [Fact]
    public void Nothing_is_above_the_district()
    {
        var district = new Assignment(CaseAssignments.District, "LW", "督办台", []);

        Assert.Equal(
            "The case is at the district already.",
            CaseStateMachine.Refusal(Sample.RoutedTo(district), CaseCommandNames.Escalate));
        Assert.Null(CaseStateMachine.Refusal(Sample.RoutedTo(Street), CaseCommandNames.Escalate));
    }

    [Fact]
    public void An_escalation_routing_refuses_is_refused()
    {
        var routed = Sample.In(CaseStatus.Routed);

        var decision = Escalate.Decide(Then.Given(routed), new Escalate.Request("超出能力"), RoutingAway);

        Assert.Same(RoutingAway.Refusal, decision);
    }

    [Fact]
    public void An_escalation_moves_the_case_from_its_unit_to_the_one_above()
    {
        var routed = Sample.In(CaseStatus.Routed);

        Then.Events(
            Escalate.Decide(Then.Given(routed), new Escalate.Request("超出能力"), Checked(Street)),
            new CaseEscalated(routed.Id, Sample.Water, Street, "超出能力", Sample.At));
    }
}
