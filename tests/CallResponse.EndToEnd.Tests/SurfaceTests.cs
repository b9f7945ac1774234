using System.Net;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Every answer carries the browser's security headers, the gateway's and each service's alike.</summary>
[Collection(SystemCollection.Name)]
public sealed class SecurityHeadersTests(RunningSystem system)
{
    [Theory]
    [InlineData("/")] // the workbench
    [InlineData("/js/app.js")]
    [InlineData("/api/catalogue")] // routing, through the gateway
    [InlineData("/api/cases/00000000-0000-0000-0000-000000000001")] // a problem from cases
    [InlineData("/api/nowhere")] // the gateway's own 404
    public async Task The_gateway_answers_with_security_headers(string path)
    {
        using var response = await system.Gateway.GetAsync(path);

        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("intake")]
    [InlineData("routing")]
    [InlineData("cases")]
    [InlineData("sla")]
    public async Task Each_service_answers_with_security_headers_when_reached_around_the_gateway(string service)
    {
        using var anonymous = system.Anonymous();

        using var health = await anonymous.GetAsync(new Uri(system.Service(service).BaseAddress, "/health/live"));
        using var refused = await anonymous.GetAsync(new Uri(system.Service(service).BaseAddress, "/api/calls/x"));

        AssertSecurityHeaders(health);
        AssertSecurityHeaders(refused);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }
}

/// <summary>Outside Development, what describes and measures the API is on the management port only.</summary>
public sealed class ManagementSurfaceTests(ProductionGateway gateway) : IClassFixture<ProductionGateway>
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/swagger/index.html")]
    [InlineData("/openapi/cases.json")]
    public async Task Metrics_and_openapi_are_not_found_on_the_public_port(string path)
    {
        using var client = gateway.Client();

        using var hidden = await client.GetAsync(path);
        using var health = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        SecurityHeadersTests.AssertSecurityHeaders(hidden);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/swagger/index.html")]
    public async Task Metrics_and_swagger_answer_on_the_management_port(string path)
    {
        using var client = gateway.Client();

        using var shown = await client.GetAsync(new Uri($"http://localhost:{ProductionGateway.ManagementPort}{path}"));

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }
}
