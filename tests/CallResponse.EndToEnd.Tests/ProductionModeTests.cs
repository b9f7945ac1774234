using System.Net;
using System.Net.Http.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>The whole system in Production, as <c>./deploy/up</c> runs it: only the real issuer's tokens count.</summary>
public sealed class ProductionSystem() : RunningSystem(
    new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, withIdentity: true);

public sealed class ProductionModeTests(ProductionSystem system) : IClassFixture<ProductionSystem>
{
    [Fact]
    public async Task The_development_token_issuer_does_not_exist()
    {
        using var anonymous = system.Anonymous();
        using var asked = await anonymous.GetAsync("/api/dev/tokens");
        using var posted = await anonymous.PostAsJsonAsync("/api/dev/tokens", new { role = "admin", unit = "LW" });

        Assert.Equal(HttpStatusCode.NotFound, asked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
    }

    [Fact]
    public async Task The_workbench_and_the_sign_in_pages_are_served()
    {
        using var anonymous = system.Anonymous();

        var workbench = await anonymous.GetStringAsync("/");
        var styles = await anonymous.GetAsync("/css/app.css");
        var signIn = await anonymous.GetStringAsync("/account/login");

        Assert.Contains("工作台", workbench);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
        Assert.Contains("登录工作台", signIn);
    }

    [Fact]
    public async Task A_development_token_is_refused_by_every_service_and_an_account_token_is_taken()
    {
        var token = TestTokens.For("admin", RunningSystem.District);
        foreach (var service in new[] { "intake", "routing", "cases", "sla", "identity" })
        {
            using var client = TestTokens.Bearer(system.Service(service).BaseAddress, token);
            using var parked = await client.GetAsync(service == "identity" ? "/api/identity/accounts" : $"/api/admin/parked/{service}");
            Assert.True(parked.StatusCode == HttpStatusCode.Unauthorized, $"{service}: {(int)parked.StatusCode}");
        }

        using var browser = new OidcSignIn(system.Service("gateway").BaseAddress);
        var tokens = await browser.SignInAsync("admin", system.AdminPassword, "production-own-2026");
        Assert.NotNull(tokens);
        using var admin = TestTokens.Bearer(system.Service("gateway").BaseAddress, tokens.AccessToken);
        foreach (var service in new[] { "intake", "routing", "cases", "sla" })
        {
            using var parked = await admin.GetAsync($"/api/admin/parked/{service}");
            Assert.Equal(HttpStatusCode.OK, parked.StatusCode);
        }
    }
}
