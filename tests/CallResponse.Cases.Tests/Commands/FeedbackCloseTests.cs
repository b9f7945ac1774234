using CallResponse.Cases.Commands;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

public sealed class FeedbackTests
{
    private static readonly Case Resolved = Sample.In(CaseStatus.Resolved);

    [Fact]
    public void Feedback_says_whether_the_resident_is_satisfied() =>
        Then.Invalid(Feedback.Decide(Then.Given(Resolved), new Feedback.Request(null)), "satisfied");

    [Fact]
    public void A_comment_longer_than_2000_characters_is_refused() =>
        Then.Invalid(
            Feedback.Decide(Then.Given(Resolved), new Feedback.Request(true, new string('好', 2001))), "comment");

    [Fact]
    public void Satisfied_feedback_is_recorded_and_nothing_else()
    {
        Then.Events(
            Feedback.Decide(Then.Given(Resolved), new Feedback.Request(true, " 很及时 ")),
            new FeedbackGiven(Resolved.Id, true, "很及时", Sample.At));
    }

    [Fact]
    public void Unsatisfied_feedback_reopens_the_case_to_the_unit_that_resolved_it()
    {
        Then.Events(
            Feedback.Decide(Then.Given(Resolved), new Feedback.Request(false)),
            new FeedbackGiven(Resolved.Id, false, null, Sample.At),
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
