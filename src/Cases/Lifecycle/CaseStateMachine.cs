using CallResponse.Contracts.Routing;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// The commands a person can give a case, as they appear in its URL (<c>POST /api/cases/{id}/{command}</c>).
/// </summary>
public static class CaseCommandNames
{
    public const string Route = "route";
    public const string Claim = "claim";
    public const string Return = "return";
    public const string Progress = "progress";
    public const string RequestAssistance = "request-assistance";
    public const string Resolve = "resolve";
    public const string Feedback = "feedback";
    public const string Close = "close";
    public const string Reassign = "reassign";
    public const string Escalate = "escalate";
    public const string Whistle = "whistle";
    public const string Report = "report";
    public const string RequestExtension = "request-extension";
    public const string ApproveExtension = "approve-extension";
    public const string DenyExtension = "deny-extension";
    public const string Merge = "merge";
    public const string RejectReturn = "reject-return";
    public const string FixAssignment = "fix-assignment";
    public const string Appeal = "appeal";
    public const string ApproveAppeal = "approve-appeal";
    public const string RejectAppeal = "reject-appeal";
    public const string Urge = "urge";
    public const string RequestPause = "request-pause";
    public const string ApprovePause = "approve-pause";
    public const string DenyPause = "deny-pause";
    public const string Resume = "resume";

    public static readonly IReadOnlyList<string> All =
    [
        Route, Claim, Return, Progress, RequestAssistance, Resolve, Feedback, Close,
        Reassign, Escalate, Whistle, Report, RequestExtension, ApproveExtension, DenyExtension, Merge, Urge,
        RejectReturn, FixAssignment, Appeal, ApproveAppeal, RejectAppeal, RequestPause, ApprovePause, DenyPause,
        Resume,
    ];

    /// <summary>
    /// What may not be given while the case is paused: each would end or move the work the pause stopped the clocks
    /// of, so the pause is resumed first and the deadlines it moved are the ones the step then meets or hands on.
    /// </summary>
    public static readonly IReadOnlyList<string> NotWhilePaused =
    [
        Resolve, Reassign, Escalate, Merge, RequestExtension, ApproveExtension, RequestPause, ApprovePause, DenyPause,
    ];
}

/// <summary>
/// The one table of which command may be given to a case in which state. Anything not here is
/// refused with 409 naming the current state, and changes nothing.
/// </summary>
public static class CaseStateMachine
{
    private static readonly CaseStatus[] Active = [CaseStatus.Routed, CaseStatus.Claimed, CaseStatus.InProgress];
    private static readonly CaseStatus[] Working = [CaseStatus.Claimed, CaseStatus.InProgress];

    private static readonly Dictionary<string, CaseStatus[]> AllowedFrom = new()
    {
        [CaseCommandNames.Route] = [CaseStatus.Routed],
        [CaseCommandNames.Claim] = [CaseStatus.Routed],
        // A unit returns a case before it claims it (签收后不得退单).
        [CaseCommandNames.Return] = [CaseStatus.Routed],
        [CaseCommandNames.Progress] = Working,
        [CaseCommandNames.RequestAssistance] = Working,
        [CaseCommandNames.Resolve] = Working,
        [CaseCommandNames.Feedback] = [CaseStatus.Resolved],
        [CaseCommandNames.Close] = [CaseStatus.Resolved],
        [CaseCommandNames.Reassign] = Active,
        [CaseCommandNames.Escalate] = Active,
        [CaseCommandNames.Whistle] = Active,
        [CaseCommandNames.Report] = Active,
        [CaseCommandNames.RequestExtension] = Working,
        [CaseCommandNames.ApproveExtension] = Working,
        [CaseCommandNames.DenyExtension] = Working,
        [CaseCommandNames.Merge] = [CaseStatus.Open, .. Active],
        [CaseCommandNames.RejectReturn] = [CaseStatus.Routed],
        [CaseCommandNames.FixAssignment] = [CaseStatus.Routed],
        // A unit may appeal while it works the case or after it ended: an unreasonable demand shows either way.
        [CaseCommandNames.Appeal] = [.. Working, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseCommandNames.ApproveAppeal] = [.. Working, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseCommandNames.RejectAppeal] = [.. Working, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseCommandNames.Urge] = Active,
        [CaseCommandNames.RequestPause] = Working,
        [CaseCommandNames.ApprovePause] = Working,
        [CaseCommandNames.DenyPause] = Working,
        [CaseCommandNames.Resume] = Working,
    };

    /// <summary>Whether <paramref name="command"/> may be given in <paramref name="state"/>, and if not, why.</summary>
    public static string? Refusal(Case state, string command)
    {
        if (!AllowedFrom[command].Contains(state.Status))
        {
            return $"'{command}' is not possible for a case that is {CaseStatusNames.Of(state.Status)}.";
        }

        var atTriageDesk = state.Assignment?.Level == AssignmentLevels.TriageDesk;
        if (state.PausedSince is not null && CaseCommandNames.NotWhilePaused.Contains(command))
        {
            return "挂起中：请先恢复计时 (the case is paused: resume it first).";
        }

        return command switch
        {
            CaseCommandNames.Route or CaseCommandNames.FixAssignment when !atTriageDesk =>
                "Only a case waiting at a triage desk is routed by hand.",
            CaseCommandNames.Route when state.ReturnCount >= Commands.Return.FixedAfterReturns =>
                $"已退单 {state.ReturnCount} 次：须由督办人员定派 (the case was returned {state.ReturnCount} times: "
                + "a supervisor fixes it to a unit with 'fix-assignment').",
            CaseCommandNames.RejectReturn when state.PendingReturn is null => "No return waits for review.",
            CaseCommandNames.Appeal when state.PendingAppeal is not null => "An appeal is pending.",
            CaseCommandNames.Appeal when state.Shares.Any(share => share.Holding && share.Exempted) =>
                "The case is already out of the unit's assessment.",
            CaseCommandNames.ApproveAppeal or CaseCommandNames.RejectAppeal when state.PendingAppeal is null =>
                "No appeal was filed.",
            CaseCommandNames.Claim or CaseCommandNames.Return when atTriageDesk =>
                "The case waits at a triage desk: a dispatcher routes it first.",
            CaseCommandNames.Close when state.Satisfied is null =>
                "The case waits for the resident's feedback (回访) before it is closed.",
            CaseCommandNames.Escalate when CaseAssignments.NextLevelUp(state.Assignment?.Level ?? "") is null =>
                "The case is at the district already.",
            CaseCommandNames.RequestExtension when state.RequestedResolveBy is not null =>
                "An extension request is pending.",
            CaseCommandNames.ApproveExtension or CaseCommandNames.DenyExtension when state.RequestedResolveBy is null =>
                "No extension was requested.",
            CaseCommandNames.RequestPause when state.PendingPause is not null => "A pause request is pending.",
            CaseCommandNames.ApprovePause or CaseCommandNames.DenyPause when state.PendingPause is null =>
                "No pause was requested.",
            CaseCommandNames.Resume when state.PausedSince is null => "The case is not paused.",
            _ => null,
        };
    }
}

/// <summary>Status names as the API spells them (kebab case, stable).</summary>
public static class CaseStatusNames
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Open => "open",
        CaseStatus.Routed => "routed",
        CaseStatus.Claimed => "claimed",
        CaseStatus.InProgress => "in-progress",
        CaseStatus.Resolved => "resolved",
        CaseStatus.Closed => "closed",
        CaseStatus.Merged => "merged",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static CaseStatus? Parse(string name) =>
        Enum.GetValues<CaseStatus>().Cast<CaseStatus?>().FirstOrDefault(status => Of(status!.Value) == name);
}
