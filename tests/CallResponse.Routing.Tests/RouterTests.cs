using CallResponse.Routing;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using Microsoft.Extensions.Options;

namespace CallResponse.Routing.Tests;

/// <summary>Routing is a pure function: a table of cases over the shipped catalogue and area tree.</summary>
public sealed class RouterTests
{
    private static readonly ReferenceData Shipped = new(Options.Create(new ReferenceDataOptions()));

    [Theory]
    [InlineData("SAFE-01", "LW-HL-01-G01", "grid", "LW-HL-01-G01", "level.grid")]
    [InlineData("CITY-01", "LW-HL-01-G02", "community", "LW-HL-01", "level.community")]
    [InlineData("SAFE-02", "LW-LN-01-G01", "street", "LW-LN", "level.street")]
    [InlineData("WATER-01", "LW-HL-01-G01", "department", "SW", "level.department")]
    [InlineData("CITY-02", "LW-HL-01-G01", "department", "CG", "level.department")]
    [InlineData("NOPE-99", "LW-LN-01-G01", "triage-desk", "LW-LN", "triage.unknown-item")]
    [InlineData("CITY-01", "LW-XX-99-G99", "triage-desk", "LW", "triage.unknown-place")]
    [InlineData("CITY-01", "LW-HL-01", "triage-desk", "LW", "triage.unknown-place")]
    public void Routes_each_case_by_its_item_and_place(string item, string grid, string level, string unit, string rule)
    {
        var decision = Router.Decide(Shipped.Catalogue, Shipped.Areas, new CaseFacts(item, grid));

        Assert.Equal((level, unit, rule), (decision.Assignment.Level, decision.Assignment.UnitCode, decision.RuleId));
        Assert.Equal(Shipped.Catalogue.Version, decision.CatalogueVersion);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void A_department_assignment_carries_the_assisting_departments()
    {
        var decision = Router.Decide(Shipped.Catalogue, Shipped.Areas, new CaseFacts("WATER-01", "LW-HL-01-G01"));

        Assert.Equal(["CG"], decision.Assignment.AssistingDepartments);
    }

    [Fact]
    public void An_item_on_the_negative_list_never_reaches_a_community()
    {
        var forbidden = Shipped.Catalogue.Categories.SelectMany(category => category.Items).Where(item => item.CommunityForbidden).ToList();
        Assert.NotEmpty(forbidden);

        foreach (var item in forbidden)
        {
            var decision = Router.Decide(Shipped.Catalogue, Shipped.Areas, new CaseFacts(item.Code, "LW-HL-01-G01"));
            Assert.NotEqual(AreaLevels.Community, decision.Assignment.Level);
        }
    }

    [Fact]
    public void The_same_facts_always_give_the_same_decision()
    {
        var facts = new CaseFacts("CITY-01", "LW-HL-01-G01");

        Assert.Equal(
            Router.Decide(Shipped.Catalogue, Shipped.Areas, facts).ToString(),
            Router.Decide(Shipped.Catalogue, Shipped.Areas, facts).ToString());
    }
}
