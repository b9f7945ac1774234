using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class ExtensionTests
{
    private static readonly Case Claimed = Sample.In(CaseStatus.Claimed);

    private static readonly Case Asked = Claimed.Apply(
        new ExtensionRequested(Guid.Empty, Sample.At.AddDays(10), "需走法定程序", Sample.At));

    public static TheoryData<DateTimeOffset?> BadTimes() =>
        [null, Sample.At, Sample.At.AddMinutes(-1), Sample.At.Add(RequestExtension.MaxExtension).AddSeconds(1)];

    [Theory]
    [MemberData(nameof(BadTimes))]
    public void An_extension_asks_for_a_time_in_the_next_90_days(DateTimeOffset? resolveBy) =>
        Then.Invalid(RequestExtension.Decide(Then.Given(Claimed), new(resolveBy, "需走法定程序")), "resolveBy");

    [Fact]
    public void An_extension_needs_a_reason() =>
        Then.Invalid(RequestExtension.Decide(Then.Given(Claimed), new(Sample.At.AddDays(3), "")), "reason");

    [Fact]
    public void One_request_at_a_time() =>
        Assert.Equal(
            "An extension request is pending.", CaseStateMachine.Refusal(Asked, CaseCommandNames.RequestExtension));

    [Fact]
    public void An_extension_is_requested_in_utc()
    {
        var resolveBy = Sample.At.AddDays(3);

        Then.Events(
            RequestExtension.Decide(Then.Given(Claimed), new(resolveBy, " 需走法定程序 ")),
            new ExtensionRequested(Claimed.Id, resolveBy.ToUniversalTime(), "需走法定程序", Sample.At));
    }

    [Fact]
    public void An_approval_moves_the_deadline_to_the_time_asked_for() =>
        Then.Events(
            ApproveExtension.Decide(Then.Given(Asked), new(" 同意 ")),
            new ExtensionApproved(Asked.Id, Sample.At.AddDays(10), "同意", Sample.At));

    [Fact]
    public void A_denial_says_why()
    {
        Then.Invalid(DenyExtension.Decide(Then.Given(Asked), new(null)), "reason");
        Then.Events(
            DenyExtension.Decide(Then.Given(Asked), new("理由不充分")),
            new ExtensionDenied(Asked.Id, "理由不充分", Sample.At));
    }
}
