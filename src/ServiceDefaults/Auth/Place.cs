namespace CallResponse.ServiceDefaults.Auth;

/// <summary>Where a case lies in the area tree: its grid and the community, street and district above it.</summary>
public sealed record Place(string Grid, string Community, string Street, string District)
{
    /// <summary>
    /// Whether an actor oversees this place, by the level their role works at: an admin everything, a grid
    /// worker their grid (or community), a community dispatcher their community, a street dispatcher their
    /// street, a supervisor their street or the district. A liaison oversees no place: a department sees
    /// the cases given to it. Every service asks this one rule (the cases list has its SQL twin,
    /// <c>CaseAccess.Visible</c>, tested against it).
    /// </summary>
    public bool IsCoveredBy(Actor actor) => actor.Role switch
    {
        Roles.Admin => true,
        Roles.GridWorker => actor.Unit == Grid || actor.Unit == Community,
        Roles.CommunityDispatcher => actor.Unit == Community,
        Roles.StreetDispatcher => actor.Unit == Street,
        Roles.Supervisor or Roles.FeedbackAgent => actor.Unit == Street || actor.Unit == District,
        _ => false,
    };
}
