using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 挂起申请 (request a pause): the unit working on the case cannot act for a while, for a coded reason, and asks a
/// supervisor to stop its clocks until it resumes (<see cref="DecidePause"/>, <see cref="Resume"/>).
/// </summary>
public static class RequestPause
{
    /// <summary>How far ahead the expected resume may lie: a longer wait is a matter for an extension.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromDays(30);

    /// <summary>The reasons a unit may pause for (挂起事由), with the words the workbench shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["waiting-for-resident"] = "等待居民",
        ["legal-procedure"] = "法定程序",
        ["weather"] = "天气原因",
        ["third-party"] = "等待第三方",
    };

    /// <param name="ReasonCode">One of <see cref="Reasons"/>.</param>
    /// <param name="Note">What the unit waits for (required).</param>
    /// <param name="ResumeBy">When the unit expects to act again: in the future, at most 30 days ahead.</param>
    public sealed record Request(string? ReasonCode, string? Note, DateTimeOffset? ResumeBy);

    public static Decision Decide(CommandContext context, Request request)
    {
        if (request.ReasonCode is not { } reasonCode || !Reasons.ContainsKey(reasonCode))
        {
            return Decision.Field(
                "reasonCode",
                $"请选择挂起事由 (one of: {string.Join(", ", Reasons.Select(known => $"{known.Key} {known.Value}"))}).");
        }

        if (request.ResumeBy is not { } resumeBy || resumeBy <= context.Now || resumeBy > context.Now + MaxPause)
        {
            return Decision.Field(
                "resumeBy",
                $"须为将来的时间，最多 {MaxPause.TotalDays} 天后 "
                + $"(a time in the future, at most {MaxPause.TotalDays} days ahead).");
        }

        return RequiredText.Check(request.Note, "note", out var note) ?? Decision.Of(new PauseRequested(
            context.Case.Id, context.Case.Assignment!.UnitCode, reasonCode, note, resumeBy.ToUniversalTime(),
            context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.RequestPause,
        "Ask to pause the case's clocks (挂起申请): a reason (waiting-for-resident, legal-procedure, weather, "
        + "third-party), a note and the expected resume time (at most 30 days ahead). A supervisor decides.",
        Decide);
}

/// <summary>
/// 挂起审核 (decide a pause): a supervisor over the place approves the pause, and the case's response and resolution
/// deadlines stop until it is resumed, or denies it, saying why.
/// </summary>
public static class DecidePause
{
    /// <param name="Note">The supervisor's note: optional to approve, required to deny (the unit reads why).</param>
    public sealed record Request(string? Note = null);

    public static Decision Approve(CommandContext context, Request request)
    {
        var pending = context.Case.PendingPause!;
        return OptionalNote.Check(request.Note, out var note) ?? Decision.Of(new CasePaused(
            context.Case.Id, pending.UnitCode, pending.ReasonCode, pending.ResumeBy, note, context.Now));
    }

    public static Decision Deny(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note)
        ?? Decision.Of(new PauseDenied(context.Case.Id, context.Case.PendingPause!.UnitCode, note, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<Request>(
            CaseCommandNames.ApprovePause,
            "Approve a pause (同意挂起): the case's deadlines stop until it is resumed. Supervisors over the place.",
            Approve);
        endpoints.MapCaseCommand<Request>(
            CaseCommandNames.DenyPause,
            "Deny a pause (不同意挂起), with the reason: the clocks run on. Supervisors over the place.",
            Deny);
    }
}

/// <summary>
/// 恢复计时 (resume): the unit or a supervisor ends the pause; the SLA service moves each paused deadline later by the
/// time the case was paused. A pause never ends by itself: past its expected time the case is on the overdue board.
/// </summary>
public static class Resume
{
    /// <param name="Note">What changed, optional.</param>
    public sealed record Request(string? Note = null);

    public static Decision Decide(CommandContext context, Request request) =>
        OptionalNote.Check(request.Note, out var note) ?? Decision.Of(new CaseResumed(
            context.Case.Id, context.Case.Assignment!.UnitCode, note, context.Case.PausedSince!.Value, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Resume,
        "End the pause (恢复计时): the deadlines run again, each moved later by the time paused. The responsible "
        + "unit or supervisors over the place.",
        Decide);
}

/// <summary>An optional note: trimmed, null when blank, at most <see cref="RequiredText.MaxLength"/> long.</summary>
internal static class OptionalNote
{
    public static Decision? Check(string? value, out string? text)
    {
        text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return text is { Length: > RequiredText.MaxLength }
            ? Decision.Field("note", $"最多 {RequiredText.MaxLength} 字 (at most {RequiredText.MaxLength} characters).")
            : null;
    }
}
