using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Testing;

/// <summary>
/// Development tokens for tests, signed with a key this test run makes: every service a test starts trusts it
/// (<see cref="ServiceProcess"/> passes its file), and nothing outside the run knows it.
/// </summary>
public static class TestTokens
{
    private static readonly Lazy<(string File, DevelopmentKey Key)> Run = new(() =>
    {
        var file = Path.Combine(Path.GetTempPath(), $"callresponse-test-key-{Environment.ProcessId}.pem");
        DevelopmentKey.Create(file);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        return (file, DevelopmentKey.Load(file));
    });

    /// <summary>The PEM file of this run's key, for the services to trust in Development.</summary>
    public static string KeyFile => Run.Value.File;

    public static string For(string role, string unit, string? userId = null) =>
        DevTokens.Create(Run.Value.Key, role, unit, userId ?? $"{role}@{unit}", TimeSpan.FromHours(2));

    /// <summary>A Development token carrying exactly <paramref name="claims"/> (for tokens the services must refuse).</summary>
    public static string WithClaims(params (string Type, string Value)[] claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.DevelopmentIssuer,
            Audience = AuthOptions.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Subject = new ClaimsIdentity(claims.Select(claim => new Claim(claim.Type, claim.Value))),
            SigningCredentials = new SigningCredentials(Run.Value.Key.PrivateKey, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A client of <paramref name="baseAddress"/> acting as <paramref name="role"/> of <paramref name="unit"/>.</summary>
    public static HttpClient Client(Uri baseAddress, string role, string unit, string? userId = null) =>
        Bearer(baseAddress, For(role, unit, userId));

    /// <summary>A client of <paramref name="baseAddress"/> sending <paramref name="token"/>.</summary>
    public static HttpClient Bearer(Uri baseAddress, string token) => new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
