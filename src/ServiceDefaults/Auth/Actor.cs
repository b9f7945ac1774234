using System.Security.Claims;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// Who is acting: the user, their role and the unit they are bound to (a grid, community, street or
/// department code; the district's code for district-wide roles). Recorded with every event.
/// </summary>
public sealed record Actor(string UserId, string Role, string Unit)
{
    public const string UnitClaim = "unit";

    public static Actor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? "unknown",
        user.FindFirstValue(ClaimTypes.Role) ?? "unknown",
        user.FindFirstValue(UnitClaim) ?? string.Empty);

    /// <summary>How the actor appears in a case's history, e.g. <c>liaison:SW:u-1024</c>.</summary>
    public override string ToString() => $"{Role}:{Unit}:{UserId}";
}
