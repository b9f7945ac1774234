using CallResponse.Routing.Rules;
using static CallResponse.Routing.Tests.RouterTests;

namespace CallResponse.Routing.Tests;

/// <summary>Rules that name what does not exist, or break the negative list, are refused with the field.</summary>
public sealed class RoutingRulesTests
{
    public static TheoryData<RoutingRule, string, string> BadRules => new()
    {
        { Rule("r", "street", item: "NOPE-1"), "rules[0].when.item", "not an item" },
        { Rule("r", "street", category: "NOPE"), "rules[0].when.category", "not a category" },
        { Rule("r", "street", area: "LW-HL-01-G01-B01"), "rules[0].when.area", "not a street, community or grid" },
        { Rule("r", "street", urgency: "soon"), "rules[0].when.urgency", "is not one of" },
        { Rule("r", "street", between: "late"), "rules[0].when.between", "not a window" },
        { Rule("r", "moon"), "rules[0].target.level", "is not one of" },
        { Rule("r", "community", item: "CITY-02"), "rules[0].target.level", "negative list" },
        { Rule("r", "community", category: "WATER"), "rules[0].target.level", "WATER-01" },
        { new RoutingRule("r", "d", new RuleCondition("CITY-01", null, null, null, null), new RuleTarget("street", "CG", null)), "rules[0].target.unit", "only with level department" },
        { new RoutingRule("r", "d", new RuleCondition("CITY-01", null, null, null, null), new RuleTarget("department", "XX", null)), "rules[0].target.unit", "must be a department" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_rule_is_refused_with_its_field(RoutingRule rule, string field, string reason)
    {
        var errors = new DataErrors("rules");

        RoutingRulesFile.Validate(new RoutingRules("test", [rule]), Shipped.Catalogue, Shipped.Areas, errors);

        var byField = errors.ByField();
        Assert.True(byField.ContainsKey(field), $"no error for {field}: {string.Join("; ", byField.Keys)}");
        Assert.Contains(byField[field], message => message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_rules_with_one_id_are_refused()
    {
        var errors = new DataErrors("rules");

        RoutingRulesFile.Validate(new RoutingRules("test", [Rule("twin", "street"), Rule("twin", "grid")]), Shipped.Catalogue, Shipped.Areas, errors);

        Assert.True(errors.ByField().ContainsKey("rules[1].id"));
    }
}
