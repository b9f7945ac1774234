namespace CallResponse.ServiceDefaults.Auth;

/// <summary>Where a case lies in the area tree: its grid and the community, street and district above it.</summary>
public sealed record Place(string Grid, string Community, string Street, string District)
{
    /// <summary>
    /// Whether an actor's unit covers this place: an admin covers everything, anyone else the places
    /// at or below their unit (a grid worker their grid or community, a dispatcher their community
    /// or street, a supervisor their street or the district).
    /// </summary>
    public bool IsCoveredBy(Actor actor) =>
        actor.Role == Roles.Admin || actor.Unit == Grid || actor.Unit == Community || actor.Unit == Street || actor.Unit == District;
}
