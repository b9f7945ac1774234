using System.Linq.Expressions;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// The one statement of who may see a case and who may give it which command. Seeing follows the area
/// tree (<see cref="Place.IsCoveredBy"/>: a grid worker their grid or community, a dispatcher their
/// community or street, a supervisor their street or the district) and, for a department, the cases
/// assigned to it, that it assists, or that summon it. A case one may not see answers 404, as if it did
/// not exist; one seen but not one's to act on, 403. Lists ask <see cref="Visible"/>, the same rule as
/// SQL; a test compares the two over thousands of generated cases and actors.
/// </summary>
public static class CaseAccess
{
    /// <summary>Who may give each command, among those who see the case.</summary>
    private static readonly Dictionary<string, Func<Case, Actor, bool>> Givers = new()
    {
        [CaseCommandNames.Route] = IsStreetDispatching,
        [CaseCommandNames.Claim] = IsResponsibleUnit,
        [CaseCommandNames.Return] = IsResponsibleUnit,
        [CaseCommandNames.Progress] = IsResponsibleUnit,
        [CaseCommandNames.RequestAssistance] = IsResponsibleUnit,
        [CaseCommandNames.Resolve] = IsResponsibleUnit,
        [CaseCommandNames.Feedback] = IsCallingBack,
        [CaseCommandNames.Close] = (state, actor) => SpeaksForResident(state, actor) || IsCallingBack(state, actor),
        [CaseCommandNames.Reassign] = IsDispatching,
        [CaseCommandNames.Escalate] = (state, actor) => IsResponsibleUnit(state, actor) || IsDispatching(state, actor),
        [CaseCommandNames.Whistle] = IsStreetDispatching,
        [CaseCommandNames.Report] = IsSummoned,
        [CaseCommandNames.RequestExtension] = IsResponsibleUnit,
        [CaseCommandNames.ApproveExtension] = IsSupervising,
        [CaseCommandNames.DenyExtension] = IsSupervising,
        [CaseCommandNames.Merge] = IsDispatching,
        [CaseCommandNames.RejectReturn] = IsStreetDispatching,
        [CaseCommandNames.FixAssignment] = IsSupervising,
        [CaseCommandNames.Appeal] = IsResponsibleUnit,
        [CaseCommandNames.ApproveAppeal] = IsSupervising,
        [CaseCommandNames.RejectAppeal] = IsSupervising,
        [CaseCommandNames.Urge] = IsSupervising,
        [CaseCommandNames.RequestPause] = IsResponsibleUnit,
        [CaseCommandNames.ApprovePause] = IsSupervising,
        [CaseCommandNames.DenyPause] = IsSupervising,
        [CaseCommandNames.Resume] = (state, actor) => IsResponsibleUnit(state, actor) || IsSupervising(state, actor),
    };

    public static bool CanSee(Case state, Actor actor) => actor.Role == Roles.Liaison
        ? IsDepartmentOf(state, actor.Unit)
        : state.Place.IsCoveredBy(actor);

    /// <summary>
    /// <see cref="CanSee"/> as a query: each role's unit is one kind of area, so each tests one column.
    /// </summary>
    public static Expression<Func<Case, bool>> Visible(Actor actor) => actor.Role switch
    {
        Roles.Admin => found => true,
        Roles.Liaison => found =>
            (found.Assignment!.Level == AssignmentLevels.Department && found.Assignment.UnitCode == actor.Unit)
            || found.AssistingDepartments.Contains(actor.Unit)
            || found.SummonedDepartments.Contains(actor.Unit),
        Roles.GridWorker => found => found.Place.Grid == actor.Unit || found.Place.Community == actor.Unit,
        Roles.CommunityDispatcher => found => found.Place.Community == actor.Unit,
        Roles.StreetDispatcher => found => found.Place.Street == actor.Unit,
        Roles.Supervisor or Roles.FeedbackAgent =>
            found => found.Place.Street == actor.Unit || found.Place.District == actor.Unit,
        _ => found => false,
    };

    /// <summary>Whether <paramref name="actor"/> may give <paramref name="command"/> to a case they see.</summary>
    public static bool MayGive(Case state, Actor actor, string command) => Givers[command](state, actor);

    /// <summary>
    /// The commands <paramref name="actor"/> may give the case now: theirs to give, allowed in its state.
    /// </summary>
    public static IReadOnlyList<string> AllowedCommands(Case state, Actor actor) =>
        CanSee(state, actor)
            ? CaseCommandNames.All
                .Where(command => MayGive(state, actor, command) && CaseStateMachine.Refusal(state, command) is null)
                .ToList()
            : [];

    /// <summary>
    /// A triage desk (分拨台) is worked by its street's dispatchers and the supervisors over it: a street's
    /// desk has the street's code, the district's the district's, and a street's code begins with its
    /// district's.
    /// </summary>
    public static bool MayWorkTriageDesk(Actor actor, string desk) =>
        actor.Role == Roles.Admin
        || (actor.Role is Roles.StreetDispatcher or Roles.Supervisor
            && (actor.Unit == desk || desk.StartsWith(actor.Unit + "-", StringComparison.Ordinal)));

    /// <summary>The unit the case is assigned to, acting through its own role.</summary>
    public static bool IsResponsibleUnit(Case state, Actor actor) =>
        state.Assignment is { } assignment && (actor.Role, assignment.Level) switch
        {
            (Roles.Liaison, AssignmentLevels.Department) => assignment.UnitCode == actor.Unit,
            (Roles.CommunityDispatcher, AssignmentLevels.Community) => assignment.UnitCode == actor.Unit,
            (Roles.StreetDispatcher, AssignmentLevels.Street) => assignment.UnitCode == actor.Unit,
            (Roles.GridWorker, AssignmentLevels.Grid) =>
                assignment.UnitCode == actor.Unit || state.Place.Community == actor.Unit,
            (Roles.Supervisor, CaseAssignments.District) => assignment.UnitCode == actor.Unit,
            _ => false,
        };

    /// <summary>Supervisors over the case's place, and admins.</summary>
    public static bool IsSupervising(Case state, Actor actor) =>
        actor.Role == Roles.Admin || (actor.Role == Roles.Supervisor && state.Place.IsCoveredBy(actor));

    /// <summary>Dispatchers over the case's place (community or street), supervisors and admins.</summary>
    public static bool IsDispatching(Case state, Actor actor) =>
        IsSupervising(state, actor)
        || (actor.Role is Roles.CommunityDispatcher or Roles.StreetDispatcher && state.Place.IsCoveredBy(actor));

    /// <summary>The street's own dispatcher (for its triage desk and its whistle), supervisors and admins.</summary>
    public static bool IsStreetDispatching(Case state, Actor actor) =>
        IsSupervising(state, actor) || (actor.Role == Roles.StreetDispatcher && actor.Unit == state.Place.Street);

    /// <summary>
    /// Those who stand for the resident: the grid worker and dispatchers over the place, supervisors, admins.
    /// </summary>
    public static bool SpeaksForResident(Case state, Actor actor) =>
        IsDispatching(state, actor) || (actor.Role == Roles.GridWorker && state.Place.IsCoveredBy(actor));

    /// <summary>
    /// 回访 is recorded by someone other than the units rated: the feedback agents (回访员) over the case's place,
    /// and admins. The resident answers through a one-time link without signing in (<c>ResidentFeedback</c>).
    /// </summary>
    public static bool IsCallingBack(Case state, Actor actor) =>
        actor.Role == Roles.Admin || (actor.Role == Roles.FeedbackAgent && state.Place.IsCoveredBy(actor));

    /// <summary>A liaison of a department the case has summoned (街道吹哨).</summary>
    public static bool IsSummoned(Case state, Actor actor) =>
        actor.Role == Roles.Liaison && state.SummonedDepartments.Contains(actor.Unit);

    private static bool IsDepartmentOf(Case state, string department) =>
        (state.Assignment?.Level == AssignmentLevels.Department && state.Assignment.UnitCode == department)
        || state.AssistingDepartments.Contains(department)
        || state.SummonedDepartments.Contains(department);
}

/// <summary>Assignment levels beyond routing's: the district's supervision desk, where escalations end.</summary>
public static class CaseAssignments
{
    public const string District = "district";

    /// <summary>One level up from an assignment level, or null at the top.</summary>
    public static string? NextLevelUp(string level) => level switch
    {
        AssignmentLevels.Grid => AssignmentLevels.Community,
        AssignmentLevels.Community => AssignmentLevels.Street,
        AssignmentLevels.Street or AssignmentLevels.TriageDesk or AssignmentLevels.Department => District,
        _ => null,
    };
}
