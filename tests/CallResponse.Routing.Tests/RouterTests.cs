using CallResponse.Routing.Areas;
using CallResponse.Routing.Deciding;
using CallResponse.Routing.Rules;

namespace CallResponse.Routing.Tests;

/// <summary>Routing is a pure function: a table of cases over the shipped catalogue, tree and rules.</summary>
public sealed class RouterTests
{
    [Theory]
    // by the item's handling level, when no rule matches
    [InlineData("SAFE-01", "LW-HL-01-G01", 10, "grid", "LW-HL-01-G01", "level.grid")]
    [InlineData("CITY-01", "LW-HL-01-G02", 10, "community", "LW-HL-01", "level.community")]
    [InlineData("SAFE-02", "LW-LN-01-G01", 10, "street", "LW-LN", "level.street")]
    [InlineData("WATER-01", "LW-HL-01-G01", 10, "department", "SW", "level.department")]
    [InlineData("CITY-02", "LW-HL-01-G01", 10, "department", "CG", "level.department")]
    // by the shipped rules
    [InlineData("CITY-02", "LW-SM-01-G01", 10, "street", "LW-SM", "rule.shamian-heritage-building")]
    [InlineData("CITY-01", "LW-LN-01-G02", 10, "street", "LW-LN", "rule.lingnan-joint-enforcement")]
    [InlineData("CITY-02", "LW-LN-01-G01", 10, "street", "LW-LN", "rule.lingnan-joint-enforcement")]
    [InlineData("SAFE-01", "LW-HL-01-G01", 23, "department", "GA", "rule.night-missing-person")]
    [InlineData("SAFE-01", "LW-HL-01-G01", 5, "department", "GA", "rule.night-missing-person")]
    [InlineData("SAFE-01", "LW-HL-01-G01", 6, "grid", "LW-HL-01-G01", "level.grid")]
    [InlineData("HOUSE-02", "LW-HL-01-G01", 10, "triage-desk", "LW-HL", "rule.unmanaged-compound-triage")]
    // what nothing places goes to a triage desk
    [InlineData("NOPE-99", "LW-LN-01-G01", 10, "triage-desk", "LW-LN", "triage.unknown-item")]
    [InlineData("CITY-01", "LW-XX-99-G99", 10, "triage-desk", "LW", "triage.unknown-place")]
    [InlineData("CITY-01", "LW-HL-01", 10, "triage-desk", "LW", "triage.unknown-place")]
    public void Routes_each_case_by_its_item_place_and_time(string item, string grid, int hour, string level, string unit, string rule)
    {
        var decision = Router.Decide(Shipped.Basis, new CaseFacts(item, grid, Shipped.At(hour)));

        Assert.Equal((level, unit, rule), (decision.Assignment.Level, decision.Assignment.UnitCode, decision.RuleId));
        Assert.Equal(Shipped.Catalogue.Version, decision.CatalogueVersion);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Assisting_departments_come_from_the_rule_or_else_the_item()
    {
        Assert.Equal(["CG"], Router.Decide(Shipped.Basis, new CaseFacts("WATER-01", "LW-HL-01-G01", Shipped.At(10))).Assignment.AssistingDepartments);
        Assert.Equal(["ZJ", "CG"], Router.Decide(Shipped.Basis, new CaseFacts("CITY-02", "LW-SM-01-G01", Shipped.At(10))).Assignment.AssistingDepartments);
    }

    [Fact]
    public void An_item_handled_by_an_area_keeps_its_lead_department_in_sight_as_assisting()
    {
        // A daytime missing elder is the grid's to search for; the police lead the item and are kept informed.
        var elder = Router.Decide(Shipped.Basis, new CaseFacts("SAFE-01", "LW-HL-01-G01", Shipped.At(10)));

        Assert.Equal("grid", elder.Assignment.Level);
        Assert.Equal(["MZ", "GA"], elder.Assignment.AssistingDepartments);
        Assert.Contains("GA 协办知悉", elder.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_carries_the_items_category_urgency_and_time_limits()
    {
        var decision = Router.Decide(Shipped.Basis, new CaseFacts("WATER-01", "LW-HL-01-G01", Shipped.At(10)));

        Assert.Equal(("WATER", "urgent"), (decision.CategoryCode, decision.Urgency));
        Assert.Equal(new CallResponse.Contracts.Routing.ResponseTargets("PT30M", "PT8H", "24x7", ReturnWithin: "PT30M"), decision.Targets);
    }

    [Fact]
    public void A_decision_says_whether_the_items_breaches_escalate()
    {
        var gas = Router.Decide(Shipped.Basis, new CaseFacts("ENERGY-01", "LW-HL-01-G01", Shipped.At(10)));

        Assert.Equal(new CallResponse.Contracts.Routing.ResponseTargets("PT10M", "PT2H", "24x7", true, "PT10M"), gas.Targets);
    }

    [Fact]
    public void An_item_on_the_negative_list_never_reaches_a_community_or_a_grid_anywhere_at_any_hour()
    {
        var forbidden = Shipped.Catalogue.Categories.SelectMany(category => category.Items).Where(item => item.CommunityForbidden).ToList();
        var grids = new[] { "LW-HL-01-G01", "LW-LN-01-G01", "LW-SM-01-G01" };
        Assert.NotEmpty(forbidden);

        foreach (var (item, grid, hour) in forbidden.SelectMany(item => grids.SelectMany(grid => new[] { 3, 12, 23 }.Select(hour => (item, grid, hour)))))
        {
            var decision = Router.Decide(Shipped.Basis, new CaseFacts(item.Code, grid, Shipped.At(hour)));
            Assert.DoesNotContain(decision.Assignment.Level, new[] { AreaLevels.Community, AreaLevels.Grid });
        }
    }

    public static TheoryData<RoutingRule[], string> Conflicts => new()
    {
        // an item rule beats a category rule, however narrow the category rule's area
        { [Rule("category", category: "CITY", area: "LW-HL-01-G01", level: "grid"), Rule("item", item: "CITY-01", level: "street")], "item" },
        // a smaller area beats a larger one
        { [Rule("street", category: "CITY", area: "LW-HL", level: "street"), Rule("community", category: "CITY", area: "LW-HL-01", level: "grid")], "community" },
        // naming the urgency beats not naming it
        { [Rule("any", category: "CITY", level: "street"), Rule("ordinary", category: "CITY", urgency: "ordinary", level: "grid")], "ordinary" },
        // a time window beats none
        { [Rule("all-day", item: "CITY-01", level: "street"), Rule("daytime", item: "CITY-01", between: "08:00-18:00", level: "grid")], "daytime" },
        // equal in every way: the first in the file
        { [Rule("first", item: "CITY-01", level: "street"), Rule("second", item: "CITY-01", level: "grid")], "first" },
    };

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void When_several_rules_match_the_most_specific_wins(RoutingRule[] rules, string winner)
    {
        var basis = Shipped.Basis with { Rules = new RoutingRules("test", rules) };

        var decision = Router.Decide(basis, new CaseFacts("CITY-01", "LW-HL-01-G01", Shipped.At(10)));

        Assert.Equal($"rule.{winner}", decision.RuleId);
    }

    [Fact]
    public void The_same_facts_always_give_the_same_decision()
    {
        var facts = new CaseFacts("CITY-01", "LW-HL-01-G01", Shipped.At(10));

        Assert.Equal(Router.Decide(Shipped.Basis, facts).ToString(), Router.Decide(Shipped.Basis, facts).ToString());
    }

    internal static RoutingRule Rule(string id, string level, string? item = null, string? category = null, string? area = null, string? urgency = null, string? between = null) =>
        new(id, $"test rule {id}", new RuleCondition(item, category, area, urgency, between), new RuleTarget(level, null, null));
}
