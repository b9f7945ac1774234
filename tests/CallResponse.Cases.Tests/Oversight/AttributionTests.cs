using CallResponse.Cases.Oversight;
using TestCases = CallResponse.Cases.Tests.Lifecycle.Cases;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;

namespace CallResponse.Cases.Tests.Oversight;

/// <summary>Each unit is charged for its own part of a case (src/docs/measures.md, "Attribution").</summary>
public sealed class AttributionTests
{
    private static readonly Assignment Grid = new(AssignmentLevels.Grid, "LW-HL-01-G01", "一网格", []);
    private static readonly Assignment Community = new(AssignmentLevels.Community, "LW-HL-01", "华林社区", []);
    private static readonly Assignment Water = new(AssignmentLevels.Department, "SW", "区水务局", []);
    private static readonly Assignment Urban = new(AssignmentLevels.Department, "CG", "区城管局", []);
    private static readonly Assignment DistrictDesk = new("district", "LW", "区督办台", []);

    [Fact]
    public void A_case_passed_through_five_units_charges_each_its_own_part()
    {
        var id = Guid.NewGuid();
        var history = TestCases.Opened(id)
            .Apply(Routed(id, Grid))
            .Apply(new CaseReturned(id, Grid.UnitCode, "非本网格职责", TestCases.Desk, At(1)))
            .Apply(Routed(id, Water, At(2)))
            .Apply(new SlaBreachRecorded(id, Guid.NewGuid(), DeadlineKinds.Response, "SW", At(3), At(3)))
            .Apply(new CaseEscalated(id, Water, DistrictDesk, "超时未认领", At(3)))
            .Apply(new CaseReassigned(id, Urban, "属城管职责", At(4)))
            .Apply(new CaseClaimed(id, "CG", At(5)))
            .Apply(new CaseResolved(id, "CG", "已处理", At(6)))
            .Apply(new FeedbackGiven(id, false, null, At(7)))
            .Apply(new CaseReopened(id, "CG", At(7)))
            .Apply(new CaseResolved(id, "CG", "再次处理", At(8)))
            .Apply(new FeedbackGiven(id, true, null, At(9)))
            .Apply(new CaseClosed(id, "feedback", true, At(9)));

        var counts = history.Contributions.ToDictionary(found => (found.Dimension, found.Unit), Named);

        string[] returnedOnly = ["assigned", "returned"];
        Assert.Equal(returnedOnly, counts[("grid", "LW-HL-01-G01")]);
        Assert.Equal(returnedOnly, counts[("community", "LW-HL-01")]);
        Assert.Equal(returnedOnly, counts[("street", "LW-HL")]);
        Assert.Equal(["assigned", "escalated"], counts[("department", "SW")]);
        Assert.Equal(
            ["assigned", "responded", "responded_on_time", "resolved", "resolved_on_time", "with_feedback", "satisfied",
                "ever_resolved", "reopened", "solved"],
            counts[("department", "CG")]);
        Assert.Equal(
            ["assigned", "responded", "resolved", "resolved_on_time", "with_feedback", "satisfied", "returned",
                "escalated", "ever_resolved", "reopened", "solved"],
            counts[("district", "LW")]);
        Assert.Equal(counts[("district", "LW")], counts[("item", "WATER-01")]);
        // The triage desk and the district's supervision desk pass cases on: they are answerable for none.
        Assert.Equal(8, counts.Count);
    }

    [Fact]
    public void A_dispatcher_taking_a_case_away_relieves_the_unit_unless_it_was_already_late()
    {
        var id = Guid.NewGuid();
        var relieved = TestCases.RoutedTo(Water).Apply(new CaseReassigned(id, Urban, "属城管职责", At(1)));
        var late = TestCases.RoutedTo(Water)
            .Apply(new SlaBreachRecorded(id, Guid.NewGuid(), DeadlineKinds.Response, "SW", At(1), At(1)))
            .Apply(new CaseReassigned(id, Urban, "属城管职责", At(2)));

        Assert.Equal(["relieved"], Named(Of(relieved, "department", "SW")));
        Assert.Equal(["assigned"], Named(Of(late, "department", "SW")));
        Assert.Equal(["assigned", "open"], Named(Of(late, "department", "CG")));
    }

    [Fact]
    public void A_grid_escalating_to_its_community_is_charged_and_the_street_above_both_keeps_holding()
    {
        var id = Guid.NewGuid();
        var escalated = TestCases.Opened(id).Apply(Routed(id, Grid))
            .Apply(new CaseEscalated(id, Grid, Community, "网格无法处置", At(1)));

        Assert.Equal(["assigned", "escalated"], Named(Of(escalated, "grid", "LW-HL-01-G01")));
        Assert.Equal(["assigned", "open"], Named(Of(escalated, "community", "LW-HL-01")));
        Assert.Equal(["assigned", "open"], Named(Of(escalated, "street", "LW-HL")));
    }

    [Fact]
    public void A_breach_that_crossed_a_move_is_charged_to_the_late_unit()
    {
        var id = Guid.NewGuid();
        var moved = TestCases.RoutedTo(Water)
            .Apply(new CaseReassigned(id, Urban, "属城管职责", At(1)))
            .Apply(new SlaBreachRecorded(id, Guid.NewGuid(), DeadlineKinds.Response, "SW", At(1), At(2)));

        Assert.True(moved.Shares.Single(share => share.Unit == "SW").ResponseBreached);
        Assert.False(moved.Shares.Single(share => share.Unit == "CG").ResponseBreached);
    }

    [Fact]
    public void Supervision_orders_and_urging_count_for_the_late_unit_not_the_next_holder()
    {
        var id = Guid.NewGuid();
        var supervised = TestCases.RoutedTo(Water)
            .Apply(new SlaBreachRecorded(id, Guid.NewGuid(), DeadlineKinds.Response, "SW", At(1), At(1)))
            .Apply(new SupervisionOrdered(id, Guid.NewGuid(), DeadlineKinds.Response, "SW", "超时未认领", At(1), At(25)))
            .Apply(new CaseUrged(id, "SW", "请尽快认领", At(2)))
            .Apply(new CaseReassigned(id, Urban, "属城管职责", At(3)));

        Assert.Equal(["assigned", "supervised", "urged"], Named(Of(supervised, "department", "SW")));
        Assert.Equal(["assigned", "open"], Named(Of(supervised, "department", "CG")));
    }

    [Fact]
    public void Feedback_counts_solved_apart_from_satisfied_and_a_case_closed_without_it_as_unreviewed()
    {
        var id = Guid.NewGuid();
        var resolved = TestCases.In(CaseStatus.Resolved);
        var basically = resolved.Apply(new FeedbackGiven(id, true, null, At(1), "basically-satisfied", false, "agent"));
        var lapsed = resolved.Apply(new CaseClosed(id, "feedback-window-lapsed", null, At(2)));

        Assert.Equal(
            ["assigned", "responded", "responded_on_time", "resolved", "resolved_on_time", "with_feedback", "satisfied",
                "ever_resolved"],
            Named(Of(basically, "department", "SW")));
        Assert.Contains("unreviewed", Named(Of(lapsed, "department", "SW")));
        Assert.DoesNotContain("satisfied", Named(Of(lapsed, "department", "SW")));
        Assert.Contains("unreviewed", Named(Of(lapsed, "district", "LW")));
    }

    [Fact]
    public void An_approved_appeal_takes_the_case_out_of_the_units_assessment_but_not_out_of_sight()
    {
        var id = Guid.NewGuid();
        var closed = TestCases.In(CaseStatus.Closed);
        var appealed = closed.Apply(new AppealFiled(id, "SW", "unreasonable", "居民要求超出供水服务范围", At(1)));
        var rejected = appealed.Apply(new AppealRejected(id, "SW", "理由不足", At(2)));
        var approved = appealed.Apply(new AppealApproved(id, "SW", "经核实属不合理诉求", At(2)));

        Assert.Contains("assigned", Named(Of(rejected, "department", "SW")));
        Assert.Equal(["exempted"], Named(Of(approved, "department", "SW")));
        Assert.Contains("assigned", Named(Of(approved, "district", "LW"))); // the district's raw whole keeps it
        Assert.NotNull(CaseStateMachineRefusal(approved));
    }

    [Fact]
    public void A_pause_counts_for_the_unit_that_held_the_case_and_stays_counted_after_it_moves()
    {
        var id = Guid.NewGuid();
        var paused = TestCases.In(CaseStatus.Claimed)
            .Apply(new PauseRequested(id, "SW", "third-party", "待燃气公司停气", At(5), At(1)))
            .Apply(new CasePaused(id, "SW", "third-party", At(5), null, At(1)))
            .Apply(new CaseResumed(id, "SW", null, At(1), At(3)));
        var moved = paused.Apply(new CaseEscalated(id, Water, Community, "需社区协调", At(4)));
        var denied = TestCases.In(CaseStatus.Claimed)
            .Apply(new PauseRequested(id, "SW", "weather", "暴雨", At(5), At(1)))
            .Apply(new PauseDenied(id, "SW", "可先处置", At(2)));

        Assert.Contains("paused", Named(Of(paused, "department", "SW")));
        Assert.Contains("paused", Named(Of(paused, "district", "LW")));
        Assert.Contains("paused", Named(Of(moved, "department", "SW")));
        Assert.DoesNotContain("paused", Named(Of(moved, "community", "LW-HL-01")));
        Assert.DoesNotContain("paused", Named(Of(denied, "department", "SW")));
        Assert.Equal(7200, paused.PausedSeconds);
    }

    private static string? CaseStateMachineRefusal(Case state) =>
        CallResponse.Cases.Lifecycle.CaseStateMachine.Refusal(state, CallResponse.Cases.Lifecycle.CaseCommandNames.Appeal);

    [Fact]
    public void A_merged_case_counts_in_logged_only()
    {
        var merged = TestCases.In(CaseStatus.Merged);

        Assert.All(merged.Contributions, found => Assert.DoesNotContain(1, found.Counts));
    }

    [Fact]
    public void The_contributions_are_stored_with_the_document()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(TestCases.In(CaseStatus.Closed));

        Assert.Contains("\"Contributions\":[{\"Dimension\":\"district\"", json, StringComparison.Ordinal);
    }

    private static DateTimeOffset At(int hours) => TestCases.At.AddHours(hours);

    private static CaseDispatched Routed(Guid id, Assignment assignment, DateTimeOffset? at = null) => new(
        id, "LW-20261124-000001", "WATER-01", "LW-HL-01-G01", Guid.NewGuid(), assignment, "level", "2026.1", "派单",
        at ?? TestCases.At, "WATER", "urgent", "LW-HL-01", "LW-HL", "LW", null);

    private static MeasureContribution Of(Case found, string dimension, string unit) =>
        found.Contributions.Single(contribution => contribution.Dimension == dimension && contribution.Unit == unit);

    /// <summary>The counters a contribution counts 1 for, in their order.</summary>
    private static string[] Named(MeasureContribution contribution) =>
        MeasureContributions.Counters.Where((_, i) => contribution.Counts[i] == 1).ToArray();
}
