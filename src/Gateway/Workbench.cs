using Microsoft.Net.Http.Headers;

namespace CallResponse.Gateway;

/// <summary>
/// The workbench (工作台): a static page of HTML, CSS and JavaScript modules in <c>wwwroot</c>, served
/// at <c>/</c>. It is a client of the same <c>/api</c> as everyone else; nothing here reads a token. Its
/// Content-Security-Policy (only this origin) is every answer's: <c>UseSecurityHeaders</c>.
/// </summary>
public static class Workbench
{
    public static WebApplication UseWorkbench(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Revalidate every time (a 304 is cheap), so a new version is never hidden behind a stale module.
                context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
        return app;
    }
}
