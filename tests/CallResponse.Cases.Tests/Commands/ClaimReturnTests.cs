using CallResponse.Cases.Commands;
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
    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_return_needs_a_reason(string? reason) =>
        Then.Invalid(Return.Decide(Then.Given(Sample.In(CaseStatus.Routed)), new Return.Request(reason)), "reason");

    [Fact]
    public void A_reason_longer_than_500_characters_is_refused() =>
        Then.Invalid(
            Return.Decide(Then.Given(Sample.In(CaseStatus.Routed)), new Return.Request(new string('因', 501))),
            "reason");

    [Fact]
    public void A_returned_case_waits_at_its_streets_triage_desk_with_the_reason_trimmed()
    {
        var routed = Sample.In(CaseStatus.Routed);

        var decision = Return.Decide(Then.Given(routed), new Return.Request("  不属于本单位职责  "));

        var desk = new Assignment(AssignmentLevels.TriageDesk, "LW-HL", "LW-HL 分拨台", []);
        Then.Events(decision, new CaseReturned(routed.Id, "SW", "不属于本单位职责", desk, Sample.At));
    }
}
