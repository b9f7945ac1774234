using CallResponse.Routing.Deciding;
using static CallResponse.Routing.Deciding.DecideByHand;

namespace CallResponse.Routing.Tests;

/// <summary>A dispatcher's hand-routing is checked like an automatic one, the negative list included.</summary>
public sealed class DecideByHandTests
{
    private static readonly ManualRouting ToStreet = new("CITY-01", "LW-HL-01-G02", "street", null, null, "物业撤场，需街道统筹");

    [Theory]
    [InlineData("grid", null, "grid", "LW-HL-01-G02")]
    [InlineData("community", null, "community", "LW-HL-01")]
    [InlineData("street", null, "street", "LW-HL")]
    [InlineData("department", "ZJ", "department", "ZJ")]
    public void A_valid_hand_routing_is_recorded_as_a_manual_decision(string level, string? department, string expectedLevel, string expectedUnit)
    {
        var (decision, forbidden) = DecideByHand.Decide(Shipped.Basis, ToStreet with { Level = level, Department = department });

        Assert.Null(forbidden);
        Assert.Equal((expectedLevel, expectedUnit, "manual"), (decision!.Assignment.Level, decision.Assignment.UnitCode, decision.RuleId));
        Assert.Equal("物业撤场，需街道统筹", decision.Reason);
    }

    [Theory]
    [InlineData("community")]
    [InlineData("grid")]
    public void An_item_on_the_negative_list_cannot_be_routed_to_a_community_or_a_grid_by_hand(string level)
    {
        var (decision, forbidden) = DecideByHand.Decide(Shipped.Basis, ToStreet with { ItemCode = "CITY-02", Level = level });

        Assert.Null(decision);
        Assert.Contains("禁止进入社区事项", forbidden);
    }

    public static TheoryData<ManualRouting, string> Invalid => new()
    {
        { ToStreet with { GridCode = "LW-HL-01" }, "gridCode" },
        { ToStreet with { Level = "triage-desk" }, "level" },
        { ToStreet with { Level = "department", Department = null }, "department" },
        { ToStreet with { Level = "department", Department = "XX" }, "department" },
        { ToStreet with { Department = "CG" }, "department" },
        { ToStreet with { Assisting = ["CG", "XX"] }, "assisting" },
        { ToStreet with { Reason = " " }, "reason" },
        { ToStreet with { ItemCode = null }, "itemCode" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_hand_routing_names_the_field(ManualRouting request, string field)
    {
        Assert.Equal((null, null), DecideByHand.Decide(Shipped.Basis, request));
        Assert.Equal([field], DecideByHand.Validate(Shipped.Basis, request).Keys);
    }
}
