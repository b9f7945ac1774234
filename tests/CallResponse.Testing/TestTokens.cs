using System.Net.Http.Headers;
using System.Text.Json;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Testing;

/// <summary>
/// Tokens for tests, signed with the Development key the services run with (read from the
/// gateway's appsettings.Development.json, so there is one copy of it).
/// </summary>
public static class TestTokens
{
    private static readonly Lazy<AuthOptions> Options = new(() =>
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.SourceFile("src/Gateway/appsettings.Development.json")));
        return new AuthOptions { SigningKey = settings.RootElement.GetProperty("Auth").GetProperty("SigningKey").GetString()! };
    });

    public static string For(string role, string unit, string? userId = null) =>
        DevTokens.Create(Options.Value, role, unit, userId ?? $"{role}@{unit}", TimeSpan.FromHours(2));

    /// <summary>A client of <paramref name="baseAddress"/> acting as <paramref name="role"/> of <paramref name="unit"/>.</summary>
    public static HttpClient Client(Uri baseAddress, string role, string unit, string? userId = null) => new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", For(role, unit, userId)) },
    };
}
