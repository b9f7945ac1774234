using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CallResponse.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Real accounts and the real issuer: the identity service's sign-in (code with PKCE through the Chinese pages),
/// its administration, machine clients, and every service refusing a token that is no actor of the system.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SignInTests(RunningSystem system)
{
    private const string NewPassword = "chosen-by-me-2026";
    private static readonly SemaphoreSlim AdminGate = new(1, 1);
    private static OidcSignIn.Tokens? admin;

    [Fact]
    public async Task The_first_admin_sets_a_password_and_an_authenticator_then_signs_in_with_both()
    {
        var tokens = await AdminAsync();

        using var again = new OidcSignIn(system.Gateway.BaseAddress!);
        again.AuthenticatorKeys["admin"] = AdminKey!;
        var second = await again.SignInAsync("admin", NewPassword);

        Assert.NotNull(second);
        Assert.Contains("/account/two-factor", again.Visited);
        using var client = TestTokens.Bearer(system.Gateway.BaseAddress!, tokens.AccessToken);
        foreach (var service in new[] { "intake", "routing", "cases", "sla" })
        {
            using var parked = await client.GetAsync($"/api/admin/parked/{service}");
            Assert.Equal(HttpStatusCode.OK, parked.StatusCode);
        }
    }

    [Fact]
    public async Task Access_tokens_are_signed_with_RS256_live_15_minutes_and_name_one_role_and_unit()
    {
        var tokens = await AdminAsync();
        var token = new JsonWebToken(tokens.AccessToken);

        Assert.Equal("RS256", token.Alg);
        Assert.Equal(system.Gateway.BaseAddress!.ToString(), token.Issuer);
        Assert.True(token.ValidTo - token.IssuedAt <= TimeSpan.FromMinutes(15));
        Assert.Equal(["admin"], token.Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value));
        Assert.Equal(["LW"], token.Claims.Where(claim => claim.Type == "unit").Select(claim => claim.Value));
        using var keys = await system.Anonymous().GetAsync("/.well-known/jwks");
        var published = (await keys.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys");
        Assert.Contains(published.EnumerateArray(), key => key.GetProperty("kid").GetString() == token.Kid);
        Assert.DoesNotContain(published.EnumerateArray(), key => key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task An_admin_creates_a_liaison_who_signs_in_sees_the_department_queue_and_claims_a_case()
    {
        var login = $"wang.{Guid.NewGuid():N}"[..16];
        var password = await CreateAccountAsync(login, "王强", "liaison", "SW");
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        var tokens = await browser.SignInAsync(login, password, NewPassword);
        Assert.NotNull(tokens);
        Assert.Contains("/account/password", browser.Visited);
        Assert.DoesNotContain("/account/authenticator", browser.Visited); // liaisons need no second factor

        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "路口水管爆裂，水漫路面"));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        using var liaison = TestTokens.Bearer(system.Gateway.BaseAddress!, tokens.AccessToken);
        var queue = await liaison.GetFromJsonAsync<JsonElement>("/api/cases?status=routed&pageSize=200");
        Assert.Contains(
            queue.GetProperty("cases").EnumerateArray(),
            found => found.GetProperty("id").GetGuid() == logged.CaseId);
        var claimed = await liaison.DoAsync(logged.CaseId, "claim", new { }, routed.Version);

        Assert.Equal("claimed", claimed.Status);
        var history = await liaison.GetFromJsonAsync<JsonElement[]>($"/api/cases/{logged.CaseId}/history");
        Assert.Contains(history!, step => step.ToString().Contains($"liaison:SW:{login}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_account_gets_no_token_new_or_renewed_and_enabled_again_it_does()
    {
        var login = $"zhao.{Guid.NewGuid():N}"[..16];
        var password = await CreateAccountAsync(login, "赵六", "grid-worker", Calls.Grid);
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        var tokens = (await browser.SignInAsync(login, password, NewPassword))!;

        using var adminClient = await AdminClientAsync();
        (await adminClient.PostAsync($"/api/identity/accounts/{login}/disable", null)).EnsureSuccessStatusCode();

        Assert.Equal("invalid_grant", (await browser.RefreshAsync(tokens.RefreshToken!)).Error);
        Assert.False(await browser.HasSessionAsync());
        using var fresh = new OidcSignIn(system.Gateway.BaseAddress!);
        Assert.Null(await fresh.SignInAsync(login, NewPassword));
        Assert.Contains("该账号已停用", fresh.LastPage);

        (await adminClient.PostAsync($"/api/identity/accounts/{login}/enable", null)).EnsureSuccessStatusCode();
        Assert.NotNull(await fresh.SignInAsync(login, NewPassword));
        var audit = await adminClient.GetFromJsonAsync<JsonElement>($"/api/identity/audit?subject={login}");
        Assert.Equal(
            ["enabled", "disabled", "created"],
            audit.GetProperty("items").EnumerateArray().Select(entry => entry.GetProperty("action").GetString()));
        Assert.All(audit.GetProperty("items").EnumerateArray(), entry => Assert.Equal("admin", entry.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Sign_out_revokes_the_refresh_token_and_ends_the_session()
    {
        var login = $"sun.{Guid.NewGuid():N}"[..16];
        var password = await CreateAccountAsync(login, "孙七", "community-dispatcher", "LW-HL-01");
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        var tokens = (await browser.SignInAsync(login, password, NewPassword))!;
        Assert.True(await browser.HasSessionAsync());
        Assert.NotNull((await browser.RefreshAsync(tokens.RefreshToken!)).Tokens);

        await browser.SignOutAsync(tokens);

        Assert.False(await browser.HasSessionAsync());
        Assert.Equal("invalid_grant", (await browser.RefreshAsync(tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_a_reset_opens_it()
    {
        var login = $"qian.{Guid.NewGuid():N}"[..16];
        await CreateAccountAsync(login, "钱八", "street-dispatcher", "LW-HL");
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Null(await browser.SignInAsync(login, "not-the-password-1"));
        }

        Assert.Contains("账号已锁定", browser.LastPage);
        using var adminClient = await AdminClientAsync();
        using var reset = await adminClient.PostAsync($"/api/identity/accounts/{login}/password-reset", null);
        var temporary = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;
        Assert.NotNull(await browser.SignInAsync(login, temporary, NewPassword));
    }

    [Fact]
    public async Task A_roster_import_creates_the_good_rows_and_says_why_each_other_row_was_refused()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var csv = $"""
            name,login,role,unit
            李娜,li.{tag},grid-worker,LW-HL-01-G01
            周九,zhou.{tag},liaison,SW
            吴十,wu.{tag},liaison,LW-HL
            郑一,zheng.{tag},grid-worker,LW-XX-99-G99
            李娜,li.{tag},grid-worker,LW-HL-01-G01
            冯二,feng.{tag},mayor,LW
            ,chen.{tag},supervisor,LW-HL
            """;
        using var adminClient = await AdminClientAsync();
        using var response = await adminClient.PostAsync(
            "/api/identity/accounts/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var refusals = report.GetProperty("rows").EnumerateArray()
            .Where(row => !row.GetProperty("created").GetBoolean())
            .ToDictionary(row => row.GetProperty("row").GetInt32(), row => row.GetProperty("refusal").GetString()!);
        Assert.Contains("须绑定到部门", refusals[4]);
        Assert.Contains("不存在", refusals[5]);
        Assert.Contains("多次", refusals[6]);
        Assert.Contains("角色", refusals[7]);
        Assert.Contains("姓名", refusals[8]);
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        var password = report.GetProperty("rows")[1].GetProperty("temporaryPassword").GetString()!;
        Assert.NotNull(await browser.SignInAsync($"zhou.{tag}", password, NewPassword));
    }

    [Fact]
    public async Task A_machine_client_acts_as_the_role_and_unit_it_was_bound_to_and_no_other()
    {
        var clientId = $"hotline-{Guid.NewGuid():N}"[..20];
        using var adminClient = await AdminClientAsync();
        using var created = await adminClient.PostAsJsonAsync(
            "/api/identity/clients",
            new { clientId, displayName = "市12345平台", role = "grid-worker", unit = Calls.Grid });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        var tokens = (await browser.ClientCredentialsAsync(clientId, secret)).Tokens!;
        using var machine = TestTokens.Bearer(system.Gateway.BaseAddress!, tokens.AccessToken);

        using var inItsGrid = await machine.SendAsync(RunningSystem.NewCall(Calls.Valid(), Guid.NewGuid().ToString()));
        Assert.True(inItsGrid.IsSuccessStatusCode, await inItsGrid.Content.ReadAsStringAsync());
        using var adminOnly = await machine.GetAsync("/api/admin/parked/intake");
        Assert.Equal(HttpStatusCode.Forbidden, adminOnly.StatusCode);
        using var accounts = await machine.GetAsync("/api/identity/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, accounts.StatusCode);
        Assert.Equal("invalid_client", (await browser.ClientCredentialsAsync(clientId, secret + "x")).Error);

        (await adminClient.PostAsync($"/api/identity/clients/{clientId}/disable", null)).EnsureSuccessStatusCode();
        var disabled = (await browser.ClientCredentialsAsync(clientId, secret)).Error;
        Assert.Equal("invalid_client", disabled);
    }

    public static TheoryData<string, (string, string)[]> NoActors => new()
    {
        { "no unit", [("sub", "x"), ("role", "supervisor")] },
        { "empty unit", [("sub", "x"), ("role", "grid-worker"), ("unit", "")] },
        { "two roles", [("sub", "x"), ("role", "liaison"), ("role", "admin"), ("unit", "SW")] },
        { "unknown role", [("sub", "x"), ("role", "mayor"), ("unit", "LW")] },
        { "supervisor of a department", [("sub", "x"), ("role", "supervisor"), ("unit", "SW")] },
        { "admin of a street", [("sub", "x"), ("role", "admin"), ("unit", "LW-HL")] },
        { "liaison of a grid", [("sub", "x"), ("role", "liaison"), ("unit", "LW-HL-01-G01")] },
        { "two units", [("sub", "x"), ("role", "liaison"), ("unit", "SW"), ("unit", "CG")] },
    };

    [Theory]
    [MemberData(nameof(NoActors))]
    public async Task A_token_that_is_no_actor_of_the_system_is_refused_by_every_service(string what, (string, string)[] claims)
    {
        await AssertRefusedEverywhereAsync(TestTokens.WithClaims(claims), what);
    }

    [Fact]
    public async Task A_token_signed_with_the_old_committed_key_is_refused_by_every_service()
    {
        var oldKey = new SymmetricSecurityKey(
            Encoding.UTF8.GetBytes("callresponse-development-signing-key-not-for-production-use"));
        foreach (var (issuer, audience) in new[] { ("callresponse", "callresponse"), (system.Gateway.BaseAddress!.ToString(), "api") })
        {
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Expires = DateTime.UtcNow.AddMinutes(10),
                Subject = new ClaimsIdentity([new Claim("sub", "x"), new Claim("role", "admin"), new Claim("unit", "LW")]),
                SigningCredentials = new SigningCredentials(oldKey, SecurityAlgorithms.HmacSha256),
            });
            await AssertRefusedEverywhereAsync(token, $"HS256 as {issuer}");
        }
    }

    [Fact]
    public async Task A_new_signing_key_is_published_at_once_and_signs_only_later()
    {
        using var adminClient = await AdminClientAsync();
        using var rotated = await adminClient.PostAsync("/api/identity/signing-keys", null);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var next = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString();

        // The key ring looks again within a minute; the discovery document reads the keys it holds.
        var published = await Eventually.GetAsync(
            async () => (await system.Anonymous().GetFromJsonAsync<JsonElement>("/.well-known/jwks")).GetProperty("keys")
                .EnumerateArray().Select(key => key.GetProperty("kid").GetString()).ToList(),
            kids => kids.Contains(next),
            TimeSpan.FromSeconds(90),
            "the next key in the JWKS");
        Assert.True(published.Count >= 2);
        using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
        browser.AuthenticatorKeys["admin"] = AdminKey!;
        var tokens = (await browser.SignInAsync("admin", NewPassword))!;
        Assert.NotEqual(next, new JsonWebToken(tokens.AccessToken).Kid);
        var keys = await adminClient.GetFromJsonAsync<JsonElement>("/api/identity/signing-keys");
        Assert.Equal("next", keys.EnumerateArray().Single(key => key.GetProperty("keyId").GetString() == next)
            .GetProperty("state").GetString());
    }

    private async Task AssertRefusedEverywhereAsync(string token, string what)
    {
        var id = Guid.NewGuid();
        var probes = new (string Service, HttpMethod Method, string Path)[]
        {
            ("intake", HttpMethod.Get, $"/api/calls/{id}"),
            ("routing", HttpMethod.Post, "/api/routing/manual-decisions"),
            ("cases", HttpMethod.Get, "/api/cases"),
            ("sla", HttpMethod.Get, $"/api/cases/{id}/deadlines"),
            ("identity", HttpMethod.Get, "/api/identity/accounts"),
        };
        foreach (var (service, method, path) in probes)
        {
            using var client = TestTokens.Bearer(system.Service(service).BaseAddress, token);
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { }) : null };
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what} at {service}: {(int)response.StatusCode}");
        }
    }

    private static string? AdminKey { get; set; }

    /// <summary>The first admin, signed in once for the class: a new password and an authenticator on the way.</summary>
    private async Task<OidcSignIn.Tokens> AdminAsync()
    {
        await AdminGate.WaitAsync();
        try
        {
            if (admin is null || new JsonWebToken(admin.AccessToken).ValidTo < DateTime.UtcNow.AddMinutes(2))
            {
                using var browser = new OidcSignIn(system.Gateway.BaseAddress!);
                if (AdminKey is not null)
                {
                    browser.AuthenticatorKeys["admin"] = AdminKey;
                }

                admin = await browser.SignInAsync("admin", AdminKey is null ? system.AdminPassword : NewPassword, NewPassword)
                    ?? throw new InvalidOperationException($"The admin could not sign in: {browser.LastPage}");
                AdminKey = browser.AuthenticatorKeys["admin"];
            }

            return admin;
        }
        finally
        {
            AdminGate.Release();
        }
    }

    private async Task<HttpClient> AdminClientAsync() =>
        TestTokens.Bearer(system.Gateway.BaseAddress!, (await AdminAsync()).AccessToken);

    private async Task<string> CreateAccountAsync(string login, string name, string role, string unit)
    {
        using var adminClient = await AdminClientAsync();
        using var response = await adminClient.PostAsJsonAsync(
            "/api/identity/accounts", new { login, displayName = name, role, unit });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;
    }
}
