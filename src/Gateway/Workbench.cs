using Microsoft.Net.Http.Headers;

namespace CallResponse.Gateway;

/// <summary>
/// The workbench (工作台): a static page of HTML, CSS and JavaScript modules in <c>wwwroot</c>, served
/// at <c>/</c>. It is a client of the same <c>/api</c> as everyone else; nothing here reads a token.
/// </summary>
public static class Workbench
{
    // Only this origin: the machines have no internet, and a page that loads nothing from elsewhere
    // cannot leak a token to it. Inline styles stay allowed for the SVG charts' attributes.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication UseWorkbench(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Revalidate every time (a 304 is cheap), so a new version is never hidden behind a stale module.
                context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                context.Context.Response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                context.Context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            },
        });
        return app;
    }
}
