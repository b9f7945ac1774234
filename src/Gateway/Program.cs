using CallResponse.Gateway;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Telemetry;

// The one front door (http://localhost:8080): serves the workbench (wwwroot, src/docs/workbench.md),
// routes /api/... to the services, and shows every service's OpenAPI description in one Swagger UI.
// Routes and addresses are in appsettings.json.
var builder = WebApplication.CreateBuilder(args);
builder.AddTelemetry("gateway");
builder.Services.AddHealthChecks();
builder.Services.AddProblemResponses();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    // A header Kestrel took in UTF-8 (an Idempotency-Key in Chinese) goes on as it came, for the service to
    // judge: the forwarder's default refuses anything but ASCII, and the caller got 502.
    .ConfigureHttpClient((_, handler) => handler.RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8);

var app = builder.Build();
app.UseProblemResponses();
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
