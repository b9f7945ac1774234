using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using OtpNet;

namespace CallResponse.Testing;

/// <summary>
/// Signs in through the identity service as the workbench does, over plain HTTP: authorization code with PKCE, the
/// Chinese sign-in pages (password, forced change, authenticator enrolment and code), then the token endpoint.
/// Keeps its cookies, so a second sign-in reuses the session like a browser tab would.
/// </summary>
public sealed partial class OidcSignIn : IDisposable
{
    public const string ClientId = "workbench";
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;
    private readonly Uri gateway;

    public OidcSignIn(Uri gateway)
    {
        this.gateway = gateway;
        http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The tokens the workbench holds after a sign-in.</summary>
    public sealed record Tokens(string AccessToken, string? RefreshToken, string? IdToken, int ExpiresIn);

    /// <summary>The authenticator secret of each login enrolled through this client, to make codes with.</summary>
    public Dictionary<string, string> AuthenticatorKeys { get; } = new();

    /// <summary>The sign-in pages the last sign-in went through, in order.</summary>
    public List<string> Visited { get; } = [];

    /// <summary>The last page a step answered that the sign-in could not get past (e.g. a refusal).</summary>
    public string LastPage { get; private set; } = string.Empty;

    /// <summary>
    /// Signs in with <paramref name="password"/>; if the account must change it, sets <paramref name="newPassword"/>.
    /// Answers null when the pages refuse (see <see cref="LastPage"/>).
    /// </summary>
    public async Task<Tokens?> SignInAsync(string login, string password, string? newPassword = null)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var authorize = $"/connect/authorize?client_id={ClientId}&response_type=code"
            + $"&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope={Uri.EscapeDataString("openid profile offline_access api")}"
            + $"&code_challenge={challenge}&code_challenge_method=S256&state={state}";
        Visited.Clear();
        var location = await RedirectOfAsync(await http.GetAsync(authorize));
        for (var step = 0; step < 10 && location is not null; step++)
        {
            if (location.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                var query = HttpUtility.ParseQueryString(new Uri(location).Query);
                return query["state"] == state && query["code"] is { } code ? await RedeemAsync(code, verifier) : null;
            }

            var path = new Uri(gateway, location).AbsolutePath;
            Visited.Add(path);
            var page = await PageAsync(location);
            var fields = path switch
            {
                "/account/login" => new Dictionary<string, string> { ["login"] = login, ["password"] = password },
                "/account/password" => new Dictionary<string, string>
                {
                    ["current"] = password, ["password"] = newPassword!, ["repeat"] = newPassword!,
                },
                "/account/authenticator" => new Dictionary<string, string> { ["code"] = Enrol(login, page) },
                "/account/two-factor" => new Dictionary<string, string> { ["code"] = Code(AuthenticatorKeys[login]) },
                _ => null,
            };
            if (fields is null)
            {
                location = await RedirectOfAsync(await http.GetAsync(location));
                continue;
            }

            if (path == "/account/password")
            {
                password = newPassword!;
            }

            location = await PostFormAsync(path, page, fields);
        }

        return null;
    }

    /// <summary>A new access token for the refresh token, or the token endpoint's error.</summary>
    public async Task<(Tokens? Tokens, string? Error)> RefreshAsync(string refreshToken)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = ClientId,
        }));
        return await TokensOrErrorAsync(response);
    }

    /// <summary>A token for a machine client, or the token endpoint's error.</summary>
    public async Task<(Tokens? Tokens, string? Error)> ClientCredentialsAsync(string clientId, string secret)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "api",
        }));
        return await TokensOrErrorAsync(response);
    }

    /// <summary>Signs out as the workbench does: revokes the refresh token, then ends the session.</summary>
    public async Task<HttpStatusCode> SignOutAsync(Tokens tokens)
    {
        using var revoked = await http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken!, ["token_type_hint"] = "refresh_token", ["client_id"] = ClientId,
        }));
        revoked.EnsureSuccessStatusCode();
        using var ended = await http.GetAsync(
            $"/connect/logout?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(RedirectUri)}");
        return ended.StatusCode;
    }

    /// <summary>Whether the sign-in cookie still lets the authorize endpoint answer a code without a password.</summary>
    public async Task<bool> HasSessionAsync()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var response = await http.GetAsync(
            $"/connect/authorize?client_id={ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(RedirectUri)}"
            + $"&scope=api&code_challenge={challenge}&code_challenge_method=S256&state=x");
        return response.Headers.Location?.ToString().StartsWith(RedirectUri, StringComparison.Ordinal) == true;
    }

    /// <summary>The current 6-digit code of an authenticator secret (base32).</summary>
    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    public void Dispose() => http.Dispose();

    private string RedirectUri => gateway.ToString();

    private async Task<Tokens?> RedeemAsync(string code, string verifier)
    {
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = verifier,
            ["client_id"] = ClientId, ["redirect_uri"] = RedirectUri,
        }));
        return (await TokensOrErrorAsync(response)).Tokens;
    }

    private static async Task<(Tokens? Tokens, string? Error)> TokensOrErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            return (null, body.TryGetProperty("error", out var error) ? error.GetString() : body.ToString());
        }

        return (new Tokens(
            body.GetProperty("access_token").GetString()!,
            body.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            body.TryGetProperty("id_token", out var id) ? id.GetString() : null,
            body.GetProperty("expires_in").GetInt32()), null);
    }

    private async Task<string> PageAsync(string location)
    {
        using var response = await http.GetAsync(location);
        LastPage = await response.Content.ReadAsStringAsync();
        return LastPage;
    }

    private async Task<string?> PostFormAsync(string path, string page, Dictionary<string, string> fields)
    {
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            fields.TryAdd(hidden.Groups[1].Value, HttpUtility.HtmlDecode(hidden.Groups[2].Value));
        }

        using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields));
        return await RedirectOfAsync(response);
    }

    private async Task<string?> RedirectOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                return response.Headers.Location!.ToString();
            }

            LastPage = await response.Content.ReadAsStringAsync();
            return null;
        }
    }

    private string Enrol(string login, string page)
    {
        var key = AuthenticatorKey().Match(page).Groups[1].Value;
        AuthenticatorKeys[login] = key;
        return Code(key);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)">""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("""data-testid="authenticator-key">([A-Z2-7]+)<""")]
    private static partial Regex AuthenticatorKey();
}
