using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace CallResponse.Gateway;

/// <summary>
/// A body longer than its route takes (<c>MaxRequestBodySize</c> in the route's configuration, else the gateway's
/// <c>Limits:JsonBodyBytes</c>) is answered 413 here, before anything is forwarded: a service that refuses a body
/// mid-upload closes the connection under the gateway, which answered that as a 502.
/// </summary>
public static class RouteBodyLimits
{
    public static WebApplication UseRouteBodyLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var size = context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>();
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.MaxRequestBodySize
                ?? size.MaxRequestBodySize;
            if (context.Request.ContentLength > limit)
            {
                // Kestrel reads an unread body to its end after the answer (for 5 s at most), unless that is over
                // the limit: then it closes the connection, and the client, still sending, sees no answer.
                size.MaxRequestBodySize = null;
                await ProblemResponses.TooLargeAsync(context, limit);
                return;
            }

            await next(context);
        });
        return app;
    }
}
