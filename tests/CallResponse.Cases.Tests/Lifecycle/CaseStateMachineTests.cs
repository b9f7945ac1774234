using CallResponse.Cases.Lifecycle;
using static CallResponse.Cases.Lifecycle.CaseCommandNames;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>Every command in every state: allowed exactly where the table below says, refused elsewhere.</summary>
public sealed class CaseStateMachineTests
{
    // The expected table, written out independently of the code under test.
    private static readonly Dictionary<CaseStatus, string[]> Allowed = new()
    {
        [CaseStatus.Open] = [Merge],
        [CaseStatus.Routed] = [Claim, Return, Reassign, Escalate, Whistle, Report, Merge, Urge],
        [CaseStatus.Claimed] = [Progress, RequestAssistance, Resolve, Reassign, Escalate, Whistle, Report, RequestExtension, Merge, Urge, Appeal, RequestPause],
        [CaseStatus.InProgress] = [Progress, RequestAssistance, Resolve, Reassign, Escalate, Whistle, Report, RequestExtension, Merge, Urge, Appeal, RequestPause],
        [CaseStatus.Resolved] = [Feedback, Appeal],
        [CaseStatus.Closed] = [Appeal],
        [CaseStatus.Merged] = [],
    };

    public static TheoryData<CaseStatus, string> EveryStateAndCommand()
    {
        var data = new TheoryData<CaseStatus, string>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            foreach (var command in All)
            {
                data.Add(status, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndCommand))]
    public void A_command_is_allowed_only_where_the_table_says(CaseStatus status, string command)
    {
        var refusal = CaseStateMachine.Refusal(Cases.In(status), command);

        if (Allowed[status].Contains(command))
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.NotNull(refusal);
        }
    }

    [Fact]
    public void A_refusal_names_the_current_state() =>
        Assert.Contains("resolved", CaseStateMachine.Refusal(Cases.In(CaseStatus.Resolved), Claim));

    [Fact]
    public void A_case_at_a_triage_desk_is_routed_by_hand_not_claimed_or_returned()
    {
        var atDesk = Cases.RoutedTo(Cases.Desk);

        Assert.Null(CaseStateMachine.Refusal(atDesk, Route));
        Assert.Null(CaseStateMachine.Refusal(atDesk, FixAssignment));
        Assert.NotNull(CaseStateMachine.Refusal(atDesk, RejectReturn)); // routed there, not returned
        Assert.NotNull(CaseStateMachine.Refusal(atDesk, Claim));
        Assert.NotNull(CaseStateMachine.Refusal(atDesk, Return));
        Assert.NotNull(CaseStateMachine.Refusal(Cases.In(CaseStatus.Routed), Route));
    }

    [Fact]
    public void A_resolved_case_closes_only_after_feedback()
    {
        var resolved = Cases.In(CaseStatus.Resolved);

        Assert.NotNull(CaseStateMachine.Refusal(resolved, Close));
        Assert.Null(CaseStateMachine.Refusal(resolved.Apply(new FeedbackGiven(Guid.Empty, true, null, Cases.At)), Close));
    }

    [Fact]
    public void A_pause_is_answered_only_when_asked_for_and_resumed_only_while_paused()
    {
        var claimed = Cases.In(CaseStatus.Claimed);
        var asked = claimed.Apply(new PauseRequested(
            Guid.Empty, "SW", "weather", "台风预警，暂停户外作业", Cases.At.AddDays(2), Cases.At));
        var paused = asked.Apply(new CasePaused(Guid.Empty, "SW", "weather", Cases.At.AddDays(2), null, Cases.At));

        Assert.NotNull(CaseStateMachine.Refusal(claimed, ApprovePause));
        Assert.NotNull(CaseStateMachine.Refusal(claimed, DenyPause));
        Assert.NotNull(CaseStateMachine.Refusal(claimed, Resume));
        Assert.Null(CaseStateMachine.Refusal(asked, ApprovePause));
        Assert.Null(CaseStateMachine.Refusal(asked, DenyPause));
        Assert.NotNull(CaseStateMachine.Refusal(asked, RequestPause));
        Assert.Null(CaseStateMachine.Refusal(paused, Resume));
        Assert.Null(CaseStateMachine.Refusal(paused, Progress));
        Assert.All(NotWhilePaused, command => Assert.NotNull(CaseStateMachine.Refusal(paused, command)));
    }

    [Fact]
    public void An_extension_is_answered_only_when_one_was_asked_for()
    {
        var claimed = Cases.In(CaseStatus.Claimed);
        var asked = claimed.Apply(new ExtensionRequested(Guid.Empty, Cases.At.AddDays(3), "等配件", Cases.At));

        Assert.NotNull(CaseStateMachine.Refusal(claimed, ApproveExtension));
        Assert.Null(CaseStateMachine.Refusal(asked, ApproveExtension));
        Assert.Null(CaseStateMachine.Refusal(asked, DenyExtension));
    }

    [Fact]
    public void Unsatisfied_feedback_reopens_the_case_to_the_same_unit()
    {
        var resolved = Cases.In(CaseStatus.Resolved);
        var context = new CommandContext(
            resolved, new ServiceDefaults.Auth.Actor("u1", "grid-worker", "LW-HL-01-G01"), Cases.At);

        var unsatisfied = new CallResponse.Cases.Commands.Feedback.Request("dissatisfied", false, "还在漏水");
        var decision = Assert.IsType<Decision.Accept>(
            CallResponse.Cases.Commands.Feedback.Decide(context, unsatisfied, "agent"));
        var reopened = decision.Events.Aggregate(resolved, (state, @event) => @event switch
        {
            FeedbackGiven given => state.Apply(given),
            CaseReopened again => state.Apply(again),
            _ => state,
        });

        Assert.Equal((CaseStatus.Claimed, "SW", 1), (reopened.Status, reopened.Assignment!.UnitCode, reopened.ReopenCount));
    }
}
