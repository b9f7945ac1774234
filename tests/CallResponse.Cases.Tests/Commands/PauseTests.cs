using CallResponse.Cases.Commands;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Sample = CallResponse.Cases.Tests.Lifecycle.Cases;

namespace CallResponse.Cases.Tests.Commands;

/// <summary>挂起 / 恢复计时: a unit asks to pause a case's clocks, a supervisor decides, and someone resumes it.</summary>
public sealed class PauseTests
{
    private static readonly Actor Supervisor = new("u-zhang", Roles.Supervisor, "LW-HL");

    private static readonly Case Claimed = Sample.In(CaseStatus.Claimed);

    private static readonly DateTimeOffset ResumeBy = Sample.At.AddDays(3);

    private static readonly Case Asked = Claimed.Apply(
        new PauseRequested(Claimed.Id, "SW", "waiting-for-resident", "居民外出，约定三天后入户", ResumeBy, Sample.At));

    private static readonly Case Paused = Asked.Apply(
        new CasePaused(Claimed.Id, "SW", "waiting-for-resident", ResumeBy, null, Sample.At));

    public static TheoryData<DateTimeOffset?> BadTimes() =>
        [null, Sample.At, Sample.At.AddMinutes(-1), Sample.At.Add(RequestPause.MaxPause).AddSeconds(1)];

    [Theory]
    [MemberData(nameof(BadTimes))]
    public void A_pause_expects_to_resume_within_30_days(DateTimeOffset? resumeBy) =>
        Then.Invalid(RequestPause.Decide(Then.Given(Claimed), new("weather", "台风", resumeBy)), "resumeBy");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("busy")]
    public void A_pause_names_a_reason_from_the_list(string? reasonCode) =>
        Then.Invalid(RequestPause.Decide(Then.Given(Claimed), new(reasonCode, "台风", ResumeBy)), "reasonCode");

    [Fact]
    public void A_pause_needs_a_note() =>
        Then.Invalid(RequestPause.Decide(Then.Given(Claimed), new("weather", " ", ResumeBy)), "note");

    [Fact]
    public void A_pause_is_requested_for_the_unit_holding_the_case_in_utc() =>
        Then.Events(
            RequestPause.Decide(Then.Given(Claimed), new("legal-procedure", " 待司法鉴定 ", ResumeBy)),
            new PauseRequested(
                Claimed.Id, "SW", "legal-procedure", "待司法鉴定", ResumeBy.ToUniversalTime(), Sample.At));

    [Fact]
    public void An_approval_pauses_the_case_until_it_is_resumed()
    {
        Then.Events(
            DecidePause.Approve(Then.Given(Asked, Supervisor), new(" 同意 ")),
            new CasePaused(Asked.Id, "SW", "waiting-for-resident", ResumeBy, "同意", Sample.At));
        Then.Events(
            DecidePause.Approve(Then.Given(Asked, Supervisor), new()),
            new CasePaused(Asked.Id, "SW", "waiting-for-resident", ResumeBy, null, Sample.At));
        Then.Invalid(DecidePause.Approve(Then.Given(Asked, Supervisor), new(new string('很', 2001))), "note");
    }

    [Fact]
    public void A_denial_says_why()
    {
        Then.Invalid(DecidePause.Deny(Then.Given(Asked, Supervisor), new(null)), "note");
        Then.Events(
            DecidePause.Deny(Then.Given(Asked, Supervisor), new("可先电话联系居民")),
            new PauseDenied(Asked.Id, "SW", "可先电话联系居民", Sample.At));
    }

    [Fact]
    public void A_resumption_names_the_pause_it_ends()
    {
        var later = new CommandContext(Paused, Then.Liaison, Sample.At.AddHours(30));

        Then.Events(
            Resume.Decide(later, new("居民已回家")),
            new CaseResumed(Paused.Id, "SW", "居民已回家", Sample.At, Sample.At.AddHours(30)));
    }

    [Fact]
    public void The_case_shows_the_pause_and_counts_the_time_paused()
    {
        Assert.Equal(ResumeBy, Asked.PendingPause!.ResumeBy);
        Assert.Equal((Sample.At, ResumeBy, "waiting-for-resident"), (Paused.PausedSince, Paused.ResumeBy,
            Paused.PauseReasonCode));
        Assert.Null(Paused.PendingPause);

        var resumed = Paused.Apply(new CaseResumed(Paused.Id, "SW", null, Sample.At, Sample.At.AddHours(30)))
            .Apply(new PauseRequested(Paused.Id, "SW", "weather", "暴雨", Sample.At.AddDays(5), Sample.At.AddDays(2)))
            .Apply(new CasePaused(Paused.Id, "SW", "weather", Sample.At.AddDays(5), null, Sample.At.AddDays(2)))
            .Apply(new CaseResumed(Paused.Id, "SW", null, Sample.At.AddDays(2), Sample.At.AddDays(2).AddMinutes(90)));

        Assert.Equal(((30 * 3600) + (90 * 60), 2), (resumed.PausedSeconds, resumed.PauseCount));
        Assert.Null(resumed.PausedSince);
        Assert.Null(resumed.ResumeBy);
    }

    [Fact]
    public void A_denial_or_a_move_clears_the_request()
    {
        Assert.Null(Asked.Apply(new PauseDenied(Asked.Id, "SW", "不同意", Sample.At)).PendingPause);
        Assert.Null(Asked.Apply(new CaseReassigned(Asked.Id, Sample.Desk, "改派", Sample.At)).PendingPause);
        Assert.Null(Asked.Apply(new CaseResolved(Asked.Id, "SW", "已修复", Sample.At)).PendingPause);
    }

    [Fact]
    public void The_unit_asks_a_supervisor_decides_and_either_resumes()
    {
        Assert.True(CaseAccess.MayGive(Claimed, Then.Liaison, CaseCommandNames.RequestPause));
        Assert.False(CaseAccess.MayGive(Claimed, Supervisor, CaseCommandNames.RequestPause));
        Assert.True(CaseAccess.MayGive(Asked, Supervisor, CaseCommandNames.ApprovePause));
        Assert.False(CaseAccess.MayGive(Asked, Then.Liaison, CaseCommandNames.ApprovePause));
        Assert.False(CaseAccess.MayGive(Asked, Then.StreetDispatcher, CaseCommandNames.DenyPause));
        Assert.True(CaseAccess.MayGive(Paused, Then.Liaison, CaseCommandNames.Resume));
        Assert.True(CaseAccess.MayGive(Paused, Supervisor, CaseCommandNames.Resume));
        Assert.False(CaseAccess.MayGive(Paused, Then.StreetDispatcher, CaseCommandNames.Resume));
    }
}
