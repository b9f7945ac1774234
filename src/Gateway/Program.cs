using CallResponse.Gateway;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Telemetry;

// The one front door (http://localhost:8080): serves the workbench (wwwroot, src/docs/workbench.md),
// routes /api/... to the services, and shows every service's OpenAPI description in one Swagger UI.
// Routes and addresses are in appsettings.json. Outside Development, Swagger UI, the OpenAPI documents and
// /metrics answer on the management port only (ManagementPort).
var builder = WebApplication.CreateBuilder(args);
builder.AddTelemetry("gateway");
builder.AddManagementPort();
builder.AddRequestBodyLimit();
builder.AddRateLimits();
builder.Services.AddHealthChecks();
builder.Services.AddProblemResponses();
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.UseProblemResponses();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.UseManagementPort();
app.UseForwardableHeaders();
app.UseRouteBodyLimits();
app.UseWorkbench();
app.UseSwaggerUI(options =>
{
    foreach (var service in new[] { "intake", "routing", "cases", "sla", "identity" })
    {
        options.SwaggerEndpoint($"/openapi/{service}.json", service);
    }
});
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.MapPrometheusScrapingEndpoint("/metrics");
var developmentKeyFile = app.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.DevelopmentKeyFile)}"];
if (app.Environment.IsDevelopment() && !string.IsNullOrEmpty(developmentKeyFile))
{
    app.MapDevTokenIssuer(DevelopmentKey.Load(developmentKeyFile));
}

app.MapReverseProxy();
app.Run();
