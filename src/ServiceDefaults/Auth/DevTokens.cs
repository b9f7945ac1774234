using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// Signs Development tokens for local runs and tests (the gateway's <c>POST /api/dev/tokens</c>, Development
/// only) with the <see cref="DevelopmentKey"/>. Real tokens come from the identity service.
/// </summary>
public static class DevTokens
{
    public static string Create(DevelopmentKey key, string role, string unit, string userId, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevelopmentIssuer,
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
            SigningCredentials = new SigningCredentials(key.PrivateKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
