using CallResponse.ServiceDefaults.Health;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.Parking;
using CallResponse.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallResponse.ServiceDefaults;

/// <summary>The wiring every service shares, so that each <c>Program.cs</c> only says what is its own.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Telemetry, health checks, RFC 9457 problem responses, the OpenAPI document and the request body limit.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder,
        string serviceName,
        string title)
    {
        builder.Services.AddSingleton(new ServiceName(serviceName));
        builder.AddTelemetry(serviceName);
        builder.Services.AddHealthChecks();
        builder.Services.AddProblemResponses();
        builder.Services.AddOpenApiDocument(title);
        builder.AddManagementPort();
        builder.AddRequestBodyLimit();
        return builder;
    }

    /// <summary>Maps health, metrics and Swagger endpoints and the exception-to-problem middleware.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseProblemResponses();
        app.UseSecurityHeaders();
        app.UseNoStore();
        app.UseManagementPort();
        app.UseOpenApiDocument();
        // Inside the problem responses, so a denial (401, 403) leaves as a problem too: left implicit, the
        // framework puts authentication and authorization first, where a denial has no body. After the OpenAPI
        // document, which is no endpoint: the fallback policy (a signed-in caller) would hold it.
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        if (app.Services.GetServices<IParkedWork>().Any())
        {
            app.MapParkedWork(app.Services.GetRequiredService<ServiceName>().Value);
        }

        return app;
    }

    /// <summary>
    /// No answer is kept by a browser or a proxy unless its endpoint says it may (routing's public catalogue):
    /// calls, cases, photos and histories carry residents' personal data and free text about them.
    /// </summary>
    private static void UseNoStore(this WebApplication app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (string.IsNullOrEmpty(context.Response.Headers.CacheControl))
                {
                    context.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// Every answer, the gateway's and each service's, tells the browser to load nothing from elsewhere, sniff
    /// no types, show it in no frame and send no referrer: an answer reached around the gateway is no less
    /// protected. The policy is the workbench's (its scripts and styles are files of this origin; inline styles
    /// stay allowed for the SVG charts' attributes); a JSON answer loads nothing, so the policy costs it nothing.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: its servers (PostgreSQL, RabbitMQ) answer too. The whole
        // report adds what an operator must act on (parked messages), which says nothing of readiness.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        endpoints.MapHealthChecks(
            "/health",
            new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
    }
}

/// <summary>
/// The service's short name (<c>cases</c>, <c>sla</c>…), as its queues, schema and admin routes carry it.
/// </summary>
public sealed record ServiceName(string Value);
