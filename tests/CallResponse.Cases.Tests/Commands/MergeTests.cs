using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class MergeTests
{
    private static readonly Case Duplicate = Sample.In(CaseStatus.Routed);
    private static readonly Case Survivor = Sample.In(CaseStatus.Claimed);

    [Fact]
    public void A_merge_names_another_case()
    {
        Then.Invalid(Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(null, "同一漏水点"), null), "into");
        Then.Invalid(
            Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(Duplicate.Id, "同一漏水点"), Duplicate),
            "into");
    }

    [Fact]
    public void The_survivor_must_exist_and_be_the_callers_to_dispatch()
    {
        var otherStreet = new Actor("u", Roles.StreetDispatcher, "LW-XX");

        Then.Invalid(
            Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(Guid.NewGuid(), "同一"), null), "into");
        Then.Invalid(Merge.Decide(Then.Given(Duplicate, otherStreet), new(Survivor.Id, "同一"), Survivor), "into");
    }

    [Theory]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Merged)]
    public void Only_an_open_case_survives(CaseStatus status)
    {
        var ended = Sample.In(status);

        Then.Invalid(Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(ended.Id, "同一"), ended), "into");
    }

    [Fact]
    public void A_merge_needs_a_reason() =>
        Then.Invalid(
            Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(Survivor.Id, " "), Survivor), "reason");

    [Fact]
    public void The_duplicate_stops_and_the_survivor_lists_it_at_its_next_version()
    {
        var decision = Merge.Decide(Then.Given(Duplicate, Then.StreetDispatcher), new(Survivor.Id, "同一漏水点"), Survivor);

        var accepted = Assert.IsType<Decision.Accept>(decision);
        Assert.Equal([new CaseMerged(Duplicate.Id, Survivor.Id, "同一漏水点", Sample.At)], accepted.Events);
        Assert.Equal(
            [(Survivor.Id, Survivor.Version + 1, (object)new DuplicateMerged(Survivor.Id, Duplicate.Id, Sample.At))],
            accepted.Elsewhere!);
    }
}
