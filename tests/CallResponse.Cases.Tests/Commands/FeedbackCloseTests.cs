using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class FeedbackTests
{
    private static readonly Case Resolved = Sample.In(CaseStatus.Resolved);

    private static Decision Deciding(Feedback.Request request) =>
        Feedback.Decide(Then.Given(Resolved), request, "agent");

    [Fact]
    public void Feedback_says_how_satisfied_the_resident_is_and_whether_the_problem_was_solved()
    {
        var decision = Assert.IsType<Decision.Invalid>(Deciding(new Feedback.Request(null, null)));

        Assert.Equal(["resolved", "satisfaction"], decision.Errors.Keys.Order());
    }

    [Fact]
    public void An_unknown_level_of_satisfaction_is_refused() =>
        Then.Invalid(Deciding(new Feedback.Request("happy", true)), "satisfaction");

    [Fact]
    public void A_comment_longer_than_2000_characters_is_refused() =>
        Then.Invalid(Deciding(new Feedback.Request("satisfied", true, new string('好', 2001))), "comment");

    [Theory]
    [InlineData("satisfied")]
    [InlineData("basically-satisfied")]
    public void Satisfied_or_basically_satisfied_feedback_is_recorded_and_nothing_else(string level)
    {
        Then.Events(
            Deciding(new Feedback.Request(level, false, " 很及时 ")),
            new FeedbackGiven(Resolved.Id, true, "很及时", Sample.At, level, false, "agent"));
    }

    [Fact]
    public void Dissatisfied_feedback_reopens_the_case_to_the_unit_that_resolved_it()
    {
        Then.Events(
            Deciding(new Feedback.Request("dissatisfied", false)),
            new FeedbackGiven(Resolved.Id, false, null, Sample.At, "dissatisfied", false, "agent"),
            new CaseReopened(Resolved.Id, "SW", Sample.At));
    }
}

public sealed class CloseTests
{
    [Fact]
    public void Closing_keeps_the_residents_answer()
    {
        var answered = Sample.In(CaseStatus.Resolved).Apply(new FeedbackGiven(Guid.Empty, true, null, Sample.At));

        Then.Events(
            Close.Decide(Then.Given(answered), new Close.Request()),
            new CaseClosed(answered.Id, "feedback", true, Sample.At));
    }
}
