using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>Who sees a case and who may act on it, over roles, units and assignments.</summary>
public sealed class CaseAccessTests
{
    private static readonly Case WaterCase = Cases.In(CaseStatus.Routed); // grid LW-HL-01-G01, assigned to SW, CG assisting

    [Theory]
    [InlineData("admin", "LW", true)]
    [InlineData("supervisor", "LW", true)]
    [InlineData("supervisor", "LW-HL", true)]
    [InlineData("supervisor", "LW-LN", false)]
    [InlineData("street-dispatcher", "LW-HL", true)]
    [InlineData("street-dispatcher", "LW-LN", false)]
    [InlineData("community-dispatcher", "LW-HL-01", true)]
    [InlineData("community-dispatcher", "LW-HL-02", false)]
    [InlineData("grid-worker", "LW-HL-01-G01", true)]
    [InlineData("grid-worker", "LW-HL-01-G02", false)]
    [InlineData("liaison", "SW", true)]
    [InlineData("liaison", "CG", true)]
    [InlineData("liaison", "GA", false)]
    [InlineData("resident", "LW", false)]
    public void Who_sees_a_case(string role, string unit, bool sees) =>
        Assert.Equal(sees, CaseAccess.CanSee(WaterCase, new Actor("u", role, unit)));

    [Theory]
    [InlineData("liaison", "SW", true)]
    [InlineData("liaison", "CG", false)] // assisting, not responsible
    [InlineData("street-dispatcher", "LW-HL", false)]
    [InlineData("supervisor", "LW", false)]
    public void Only_the_responsible_unit_acts_as_it(string role, string unit, bool responsible) =>
        Assert.Equal(responsible, CaseAccess.IsResponsibleUnit(WaterCase, new Actor("u", role, unit)));

    [Theory]
    [InlineData(AssignmentLevels.Grid, "LW-HL-01-G01", "grid-worker", "LW-HL-01-G01")]
    [InlineData(AssignmentLevels.Grid, "LW-HL-01-G01", "grid-worker", "LW-HL-01")]
    [InlineData(AssignmentLevels.Community, "LW-HL-01", "community-dispatcher", "LW-HL-01")]
    [InlineData(AssignmentLevels.Street, "LW-HL", "street-dispatcher", "LW-HL")]
    [InlineData(CaseAssignments.District, "LW", "supervisor", "LW")]
    public void Each_level_is_acted_for_by_its_own_role(string level, string unitCode, string role, string unit) =>
        Assert.True(CaseAccess.IsResponsibleUnit(Cases.RoutedTo(new Assignment(level, unitCode, unitCode, [])), new Actor("u", role, unit)));

    [Fact]
    public void Only_the_streets_own_dispatcher_blows_its_whistle()
    {
        Assert.True(CaseAccess.IsStreetDispatching(WaterCase, new Actor("u", "street-dispatcher", "LW-HL")));
        Assert.False(CaseAccess.IsStreetDispatching(WaterCase, new Actor("u", "community-dispatcher", "LW-HL-01")));
        Assert.False(CaseAccess.IsStreetDispatching(WaterCase, new Actor("u", "street-dispatcher", "LW-LN")));
    }

    [Theory]
    [InlineData(AssignmentLevels.Grid, AssignmentLevels.Community)]
    [InlineData(AssignmentLevels.Community, AssignmentLevels.Street)]
    [InlineData(AssignmentLevels.Street, CaseAssignments.District)]
    [InlineData(AssignmentLevels.Department, CaseAssignments.District)]
    [InlineData(AssignmentLevels.TriageDesk, CaseAssignments.District)]
    [InlineData(CaseAssignments.District, null)]
    public void Escalation_goes_one_level_up(string from, string? to) =>
        Assert.Equal(to, CaseAssignments.NextLevelUp(from));
}
