using CallResponse.Contracts.Routing;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>Cases in each state, built by folding real events, for the pure tests.</summary>
internal static class Cases
{
    public static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));
    public static readonly Assignment Water = new(AssignmentLevels.Department, "SW", "区水务局", ["CG"]);
    public static readonly Assignment Desk = new(AssignmentLevels.TriageDesk, "LW-HL", "华林街道分拨台", []);

    public static Case Opened(Guid? id = null)
    {
        var caseId = id ?? Guid.NewGuid();
        var opened = Case.Create(new CaseAccepted(caseId, "LW-20261124-000001", "WATER-01", "LW-HL-01-G01", "水管爆裂", "phone", At, At, "grid-worker:LW-HL-01-G01:u1", "LW-HL-01", "LW-HL", "LW"));
        return opened with { Version = 1 };
    }

    public static Case RoutedTo(Assignment assignment, bool escalateOnBreach = false) =>
        Opened().Apply(new CaseDispatched(Guid.Empty, "LW-20261124-000001", "WATER-01", "LW-HL-01-G01", Guid.NewGuid(), assignment, "level.department", "2026.1", "由牵头部门响应", At, "WATER", "urgent",
            "LW-HL-01", "LW-HL", "LW", new ResponseTargets("PT30M", "P1D", "24x7", escalateOnBreach)));

    public static Case In(CaseStatus status) => status switch
    {
        CaseStatus.Open => Opened(),
        CaseStatus.Routed => RoutedTo(Water),
        CaseStatus.Claimed => In(CaseStatus.Routed).Apply(new CaseClaimed(Guid.Empty, "SW", At)),
        CaseStatus.InProgress => In(CaseStatus.Claimed).Apply(new ProgressNoted(Guid.Empty, "已到场", At)),
        CaseStatus.Resolved => In(CaseStatus.InProgress).Apply(new CaseResolved(Guid.Empty, "SW", "已修复", At)),
        CaseStatus.Closed => In(CaseStatus.Resolved).Apply(new FeedbackGiven(Guid.Empty, true, null, At)).Apply(new CaseClosed(Guid.Empty, "feedback", true, At)),
        CaseStatus.Merged => In(CaseStatus.Routed).Apply(new CaseMerged(Guid.Empty, Guid.NewGuid(), "重复", At)),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
