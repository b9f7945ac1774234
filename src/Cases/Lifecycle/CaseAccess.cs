using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// Who may see a case and who may act on it. Seeing follows the area tree (a grid worker their
/// grid or community, a dispatcher their community or street, a supervisor their street or the
/// district) and, for a department, the cases assigned to it, that it assists, or that summon it.
/// A case one may not see answers 404, as if it did not exist; one seen but not one's to act on, 403.
/// </summary>
public static class CaseAccess
{
    public static bool CanSee(Case state, Actor actor) => actor.Role switch
    {
        Roles.Admin => true,
        Roles.Liaison => IsAssignedTo(state, AssignmentLevels.Department, actor.Unit)
            || state.AssistingDepartments.Contains(actor.Unit)
            || state.SummonedDepartments.Contains(actor.Unit),
        Roles.GridWorker or Roles.CommunityDispatcher or Roles.StreetDispatcher or Roles.Supervisor => state.Place.IsCoveredBy(actor),
        _ => false,
    };

    /// <summary>The unit the case is assigned to, acting through its own role.</summary>
    public static bool IsResponsibleUnit(Case state, Actor actor) => state.Assignment is { } assignment && (actor.Role, assignment.Level) switch
    {
        (Roles.Liaison, AssignmentLevels.Department) => assignment.UnitCode == actor.Unit,
        (Roles.CommunityDispatcher, AssignmentLevels.Community) => assignment.UnitCode == actor.Unit,
        (Roles.StreetDispatcher, AssignmentLevels.Street) => assignment.UnitCode == actor.Unit,
        (Roles.GridWorker, AssignmentLevels.Grid) => assignment.UnitCode == actor.Unit || state.Place.Community == actor.Unit,
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

    /// <summary>Those who stand for the resident: the grid worker and dispatchers over the place, supervisors, admins.</summary>
    public static bool SpeaksForResident(Case state, Actor actor) =>
        IsDispatching(state, actor) || (actor.Role == Roles.GridWorker && state.Place.IsCoveredBy(actor));

    private static bool IsAssignedTo(Case state, string level, string unit) =>
        state.Assignment?.Level == level && state.Assignment.UnitCode == unit;
}

/// <summary>Assignment levels beyond routing's: the district's supervision desk, where escalations end.</summary>
public static class CaseAssignments
{
    public const string District = "district";
}
