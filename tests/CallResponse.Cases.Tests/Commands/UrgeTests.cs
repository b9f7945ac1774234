using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

/// <summary>催办: supervisors press the unit that holds the case; recorded and counted, the case stays put.</summary>
public sealed class UrgeTests
{
    private static readonly Actor Supervisor = new("u-lw", Roles.Supervisor, "LW");

    [Theory]
    [InlineData(CaseStatus.Routed)]
    [InlineData(CaseStatus.Claimed)]
    [InlineData(CaseStatus.InProgress)]
    public void An_urge_presses_the_unit_that_holds_the_case(CaseStatus status)
    {
        var given = Sample.In(status);

        Then.Events(
            Urge.Decide(Then.Given(given, Supervisor), new(" 请今日内到场处置并回复 ")),
            new CaseUrged(given.Id, "SW", "请今日内到场处置并回复", Sample.At));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void An_urge_needs_a_note(string? note) =>
        Then.Invalid(Urge.Decide(Then.Given(Sample.In(CaseStatus.Routed), Supervisor), new(note)), "note");

    [Fact]
    public void An_urge_is_counted_and_leaves_the_case_where_it_is()
    {
        var routed = Sample.In(CaseStatus.Routed);

        var urged = routed
            .Apply(new CaseUrged(routed.Id, "SW", "请尽快认领", Sample.At))
            .Apply(new CaseUrged(routed.Id, "SW", "再次催办", Sample.At.AddHours(1)));

        Assert.Equal((2, CaseStatus.Routed, "SW"), (urged.UrgeCount, urged.Status, urged.Assignment!.UnitCode));
    }

    [Theory]
    [InlineData("supervisor", "LW", true)]
    [InlineData("supervisor", "LW-HL", true)]
    [InlineData("admin", "LW", true)]
    [InlineData("liaison", "SW", false)] // the unit pressed does not press itself
    [InlineData("street-dispatcher", "LW-HL", false)]
    [InlineData("community-dispatcher", "LW-HL-01", false)]
    [InlineData("grid-worker", "LW-HL-01-G01", false)]
    public void Only_supervisors_over_the_place_and_admins_urge(string role, string unit, bool may) =>
        Assert.Equal(may, CaseAccess.MayGive(Sample.In(CaseStatus.Routed), new Actor("u", role, unit), CaseCommandNames.Urge));
}
