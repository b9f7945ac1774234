using JasperFx.Events;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Auth;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;
using CallResponse.ServiceDefaults;

namespace CallResponse.Cases.Reading;

/// <summary><c>GET /api/cases/{id}/history</c>: every event of the case — what, when, who and why.</summary>
public static class GetCaseHistory
{
    /// <summary>One step of a case's history.</summary>
    /// <param name="Version">The case's version after this step.</param>
    /// <param name="Event">The event's name, e.g. <c>case_routed</c>.</param>
    /// <param name="At">When it was recorded.</param>
    /// <param name="By">Who did it (a user, or the service that acted).</param>
    /// <param name="Summary">What happened and why, in words.</param>
    /// <param name="Data">The event as stored.</param>
    public sealed record HistoryEntry(
        long Version,
        string Event,
        DateTimeOffset At,
        string? By,
        string Summary,
        object Data);

    public static IEndpointRouteBuilder MapGetCaseHistory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}/history", Handle)
            .WithName("GetCaseHistory")
            .WithTags("Cases")
            .WithSummary("Every change to the case, oldest first: what, when, who and why.")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, HttpContext context, CancellationToken cancellationToken)
    {
        var current = await session.LoadAsync<Case>(id, cancellationToken);
        if (current is null || !CaseAccess.CanSee(current, Actor.From(context.User)))
        {
            return CaseProblems.NotFound(id);
        }

        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);

        return TypedResults.Ok<IReadOnlyList<HistoryEntry>>(events.Select(ToEntry).ToList());
    }

    private static HistoryEntry ToEntry(IEvent @event) =>
        new(
            @event.Version,
            @event.EventTypeName,
            @event.Timestamp,
            @event.UserName,
            Summarise(@event.Data),
            @event.Data);

    private static string Summarise(object data) => data switch
    {
        CaseAccepted opened =>
            $"受理: 登记呼声 {opened.TrackingNumber}（事项 {opened.ItemCode}，网格 {opened.GridCode}，"
            + $"渠道 {ChannelName(opened.Channel)}）",
        CaseDispatched routed =>
            $"派单: 派至{LevelName(routed.Assignment.Level)}{routed.Assignment.UnitName}（{routed.Assignment.UnitCode}），"
            + $"规则 {routed.RuleId}，目录版本 {routed.CatalogueVersion}。{routed.Reason}",
        CaseClaimed claimed => $"认领: {claimed.UnitCode}",
        CaseReturned returned =>
            $"退回: {returned.UnitCode} 退回至 {returned.TriageDesk.UnitName}。理由: "
            + $"{(returned.ReasonCode is { } code ? $"{Commands.Return.Reasons.GetValueOrDefault(code, code)}，" : "")}"
            + returned.Reason,
        AppealFiled filed =>
            $"核减申请: {filed.UnitCode} 以「{Commands.Appeal.Grounds.GetValueOrDefault(filed.Ground, filed.Ground)}」申请核减。"
            + filed.Evidence,
        AppealApproved approved => $"同意核减: {approved.UnitCode} 本案不计入考核。{approved.Note}",
        AppealRejected rejected => $"驳回核减申请: {rejected.UnitCode} 本案仍计入考核。{rejected.Note}",
        ReturnRejected rejected =>
            $"驳回退单: 退回 {rejected.To.UnitName}（{rejected.To.UnitCode}）继续办理，时限照常计算。{rejected.Note}",
        AssignmentFixed assigned =>
            $"定派: 定派至{LevelName(assigned.To.Level)}{assigned.To.UnitName}（{assigned.To.UnitCode}），不得再退单。"
            + assigned.Reason,
        ProgressNoted noted => $"办理进展: {noted.Note}",
        AssistanceRequested assistance => $"协办: 请 {assistance.Department} 协助。{assistance.Note}",
        CaseResolved resolved => $"办结: {resolved.UnitCode}。{resolved.Summary}",
        FeedbackGiven feedback =>
            $"回访{(feedback.Source == "resident-link" ? "（居民评价链接）" : string.Empty)}: "
            + (feedback.Satisfaction is { } level
                ? Commands.Feedback.Levels.GetValueOrDefault(level, level)
                : feedback.Satisfied ? "满意" : "不满意")
            + (feedback.Resolved is { } solved ? (solved ? "，问题已解决" : "，问题未解决") : string.Empty)
            + $"{(feedback.Comment is { Length: > 0 } comment ? $"。{comment}" : string.Empty)}",
        CaseReopened reopened => $"重新办理: 退回 {reopened.UnitCode} 继续办理",
        CaseClosed closed => closed.Reason == "feedback-window-lapsed" ? "结案: 回访期满，自动结案" : "结案: 回访后结案",
        CaseReassigned reassigned =>
            $"改派: 改派至{LevelName(reassigned.Assignment.Level)}{reassigned.Assignment.UnitName}"
            + $"（{reassigned.Assignment.UnitCode}）。{reassigned.Reason}",
        CaseEscalated escalated => $"上报: 由 {escalated.From.UnitCode} 上报至{escalated.To.UnitName}。{escalated.Reason}",
        WhistleBlown whistle =>
            $"街道吹哨: 召集 {string.Join("、", whistle.Departments)}，须于 {China(whistle.ReportBy)} 前报到。{whistle.Reason}",
        WhistleAnswered answered => $"部门报到: {answered.Department}",
        ExtensionRequested requested => $"延期申请: 至 {China(requested.ResolveBy)}。{requested.Reason}",
        ExtensionApproved approved =>
            $"同意延期: 至 {China(approved.ResolveBy)}{(approved.Note is { Length: > 0 } note ? $"。{note}" : string.Empty)}",
        ExtensionDenied denied => $"不同意延期: {denied.Reason}",
        CaseMerged merged => $"合并: 并入案件 {merged.SurvivorCaseId}。{merged.Reason}",
        DuplicateMerged duplicate => $"合并: 重复案件 {duplicate.DuplicateCaseId} 并入本案",
        PhotoAttached photo =>
            $"照片: 上传现场照片（{(photo.Bytes < 1024 ? $"{photo.Bytes} 字节" : $"{photo.Bytes / 1024.0:F0} KB")}）",
        SlaWarned warned => $"预警: {warned.UnitCode} 的{KindName(warned.Kind)}时限将于 {China(warned.DueAt)} 到期",
        SlaBreachRecorded breached =>
            $"超时: {breached.UnitCode} 的{KindName(breached.Kind)}时限已于 {China(breached.DueAt)} 到期未完成",
        SupervisionOrdered ordered =>
            $"督办: 向 {ordered.UnitCode} 开具督办单（{KindName(ordered.DeadlineKind)}超时），"
            + $"须于 {China(ordered.DueAt)} 前落实。{ordered.Reason}",
        CaseUrged urged => $"催办: 督促 {urged.UnitCode}。{urged.Note}",
        PauseRequested requested =>
            $"挂起申请: {requested.UnitCode} 以「{PauseReason(requested.ReasonCode)}」申请暂停计时，"
            + $"预计 {China(requested.ResumeBy)} 恢复。{requested.Note}",
        CasePaused paused =>
            $"同意挂起: {paused.UnitCode} 暂停计时（{PauseReason(paused.ReasonCode)}），预计 {China(paused.ResumeBy)} 恢复"
            + (paused.Note is { Length: > 0 } note ? $"。{note}" : string.Empty),
        PauseDenied denied => $"不同意挂起: {denied.UnitCode} 时限照常计算。{denied.Note}",
        CaseResumed resumed =>
            $"恢复计时: {resumed.UnitCode} 挂起 {PausedFor(resumed.ResumedAt - resumed.PausedAt)}，各时限相应顺延"
            + (resumed.Note is { Length: > 0 } note ? $"。{note}" : string.Empty),
        _ => data.GetType().Name,
    };

    private static string PauseReason(string code) => Commands.RequestPause.Reasons.GetValueOrDefault(code, code);

    /// <summary>A paused time in days, hours and minutes, as people say it.</summary>
    private static string PausedFor(TimeSpan paused) =>
        paused.TotalMinutes < 1
            ? "不足 1 分钟"
            : (paused.Days > 0 ? $"{paused.Days} 天" : string.Empty)
                + (paused.Hours > 0 ? $"{paused.Hours} 小时" : string.Empty)
                + (paused.Minutes > 0 ? $"{paused.Minutes} 分钟" : string.Empty);

    /// <summary>An instant as people here read it: China Standard Time.</summary>
    private static string China(DateTimeOffset instant) =>
        $"{instant.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm}（北京时间）";

    private static string LevelName(string level) => level switch
    {
        AssignmentLevels.Grid => "网格",
        AssignmentLevels.Community => "社区",
        AssignmentLevels.Street => "街道",
        AssignmentLevels.TriageDesk => "分拨台",
        AssignmentLevels.Department => "部门",
        _ => level,
    };

    private static string ChannelName(string channel) => channel switch
    {
        "walk-in" => "来访",
        "phone" => "电话",
        "chat-group" => "微信群",
        "patrol" => "巡查",
        _ => channel,
    };

    private static string KindName(string kind) => kind switch
    {
        DeadlineKinds.Response => "认领",
        DeadlineKinds.Resolution => "办结",
        DeadlineKinds.Feedback => "回访",
        _ when DeadlineKinds.IsWhistle(kind) => "报到",
        _ => kind,
    };
}
