using System.Security.Claims;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Identity.Tests;

/// <summary>
/// The one check every service makes of a token's actor, and the identity service of an account's binding: one
/// known role, one unit, of a level the role works at.
/// </summary>
public sealed class ActorCheckTests
{
    public static TheoryData<string, string> Fits => new()
    {
        { Roles.GridWorker, "LW-HL-01-G01" },
        { Roles.GridWorker, "LW-HL-01" },
        { Roles.CommunityDispatcher, "LW-HL-01" },
        { Roles.StreetDispatcher, "LW-HL" },
        { Roles.Liaison, "SW" },
        { Roles.Supervisor, "LW-HL" },
        { Roles.Supervisor, "LW" },
        { Roles.Admin, "LW" },
    };

    public static TheoryData<string, string> Misfits => new()
    {
        { Roles.GridWorker, "LW-HL" },
        { Roles.CommunityDispatcher, "LW-HL-01-G01" },
        { Roles.StreetDispatcher, "LW" },
        { Roles.Liaison, "LW-HL-01-G01" },
        { Roles.Liaison, "LW" },
        { Roles.Supervisor, "SW" },
        { Roles.Admin, "LW-HL" },
        { Roles.Admin, "SW" },
        { Roles.GridWorker, "XX-HL-01-G01" },
        { Roles.GridWorker, "LW-HL-01-G01-B01" },
        { Roles.Liaison, "S W" },
        { Roles.Liaison, "" },
        { "mayor", "LW" },
    };

    [Theory]
    [MemberData(nameof(Fits))]
    public void A_role_of_a_unit_of_its_level_is_an_actor(string role, string unit) =>
        Assert.Null(ActorCheck.Refusal(User((ClaimTypes.Role, role), (Actor.UnitClaim, unit)), "LW"));

    [Theory]
    [MemberData(nameof(Misfits))]
    public void A_role_of_a_unit_of_another_level_or_an_unknown_role_is_no_actor(string role, string unit) =>
        Assert.NotNull(ActorCheck.Refusal(User((ClaimTypes.Role, role), (Actor.UnitClaim, unit)), "LW"));

    [Fact]
    public void A_token_with_two_roles_two_units_or_no_unit_is_no_actor()
    {
        Assert.NotNull(ActorCheck.Refusal(
            User((ClaimTypes.Role, Roles.Liaison), (ClaimTypes.Role, Roles.Admin), (Actor.UnitClaim, "SW")), "LW"));
        Assert.NotNull(ActorCheck.Refusal(
            User((ClaimTypes.Role, Roles.Liaison), (Actor.UnitClaim, "SW"), (Actor.UnitClaim, "CG")), "LW"));
        Assert.NotNull(ActorCheck.Refusal(User((ClaimTypes.Role, Roles.Supervisor)), "LW"));
    }

    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value)), "test"));
}
