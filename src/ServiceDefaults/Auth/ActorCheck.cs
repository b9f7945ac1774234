using System.Security.Claims;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>The level of a unit: a place in the area tree, or a city department.</summary>
public enum UnitLevel
{
    District,
    Street,
    Community,
    Grid,
    Department,
}

/// <summary>
/// Which units each role is bound to, and the one check every service makes of a token's actor: exactly one
/// known role and one unit, at a level the role works at. Without it a token with no unit acted on cases with
/// empty place levels, and a supervisor bound to a department code was taken for the district.
/// </summary>
public static class ActorCheck
{
    /// <summary>The levels a role may be bound to (the identity service holds accounts to the same rule).</summary>
    public static IReadOnlySet<UnitLevel> LevelsOf(string role) => role switch
    {
        Roles.GridWorker => new HashSet<UnitLevel> { UnitLevel.Grid, UnitLevel.Community },
        Roles.CommunityDispatcher => new HashSet<UnitLevel> { UnitLevel.Community },
        Roles.StreetDispatcher => new HashSet<UnitLevel> { UnitLevel.Street },
        Roles.Liaison => new HashSet<UnitLevel> { UnitLevel.Department },
        Roles.Supervisor or Roles.FeedbackAgent => new HashSet<UnitLevel> { UnitLevel.Street, UnitLevel.District },
        Roles.Admin => new HashSet<UnitLevel> { UnitLevel.District },
        _ => new HashSet<UnitLevel>(),
    };

    /// <summary>
    /// The level a unit code has by its shape: area codes add a part a level (<c>LW</c>, <c>LW-SM</c>,
    /// <c>LW-SM-01</c>, <c>LW-SM-01-G01</c>); a one-part code other than the district's is a department.
    /// Whether the unit exists is the identity service's check when it binds an account.
    /// </summary>
    public static UnitLevel? LevelOf(string unit, string district)
    {
        var parts = unit.Split('-');
        if (parts.Any(part => part.Length == 0 || !part.All(char.IsAsciiLetterOrDigit)))
        {
            return null;
        }

        return parts.Length switch
        {
            1 => unit == district ? UnitLevel.District : UnitLevel.Department,
            2 when parts[0] == district => UnitLevel.Street,
            3 when parts[0] == district => UnitLevel.Community,
            4 when parts[0] == district => UnitLevel.Grid,
            _ => null,
        };
    }

    /// <summary>Why <paramref name="user"/> is no actor of this system, or null when it is one.</summary>
    public static string? Refusal(ClaimsPrincipal user, string district)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(claim => claim.Value).ToArray();
        var units = user.FindAll(Actor.UnitClaim).Select(claim => claim.Value).ToArray();
        if (roles.Length != 1 || !Roles.All.Contains(roles[0]))
        {
            return "The token must carry exactly one known role.";
        }

        if (units.Length != 1)
        {
            return "The token must carry exactly one unit.";
        }

        return LevelOf(units[0], district) is { } level && LevelsOf(roles[0]).Contains(level)
            ? null
            : $"A {roles[0]} is not bound to a unit like {units[0]}.";
    }
}
