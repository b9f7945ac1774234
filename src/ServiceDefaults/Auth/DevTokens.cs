using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// Signs tokens for local runs and tests (the gateway's <c>POST /api/dev/tokens</c>, Development
/// only). Production tokens come from the district's identity provider, signed with its own key.
/// </summary>
public static class DevTokens
{
    public static string Create(AuthOptions options, string role, string unit, string userId, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", userId),
                new Claim("role", role),
                new Claim(Actor.UnitClaim, unit),
            ]),
            SigningCredentials = new SigningCredentials(options.Key(), SecurityAlgorithms.HmacSha256),
        });
    }
}
