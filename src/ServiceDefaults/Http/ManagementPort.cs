using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Swagger UI, the OpenAPI documents and <c>/metrics</c> describe the whole API and measure its load: in
/// Development they answer on every port; elsewhere only on <c>Management:Port</c> (listened on at
/// localhost beside the public address, for Prometheus and an operator's browser), and nowhere without one.
/// </summary>
public static class ManagementPort
{
    private const string PortSetting = "Management:Port";
    private static readonly PathString[] Paths = ["/swagger", "/openapi", "/metrics"];

    public static WebApplicationBuilder AddManagementPort(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int?>(PortSetting) is { } port)
        {
            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "http://localhost:5000";
            builder.WebHost.UseUrls($"{urls};http://localhost:{port}");
        }

        return builder;
    }

    /// <summary>Outside Development, a management path asked on any other port is not found.</summary>
    public static WebApplication UseManagementPort(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        var port = app.Configuration.GetValue<int?>(PortSetting);
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port
                && Paths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }
}
