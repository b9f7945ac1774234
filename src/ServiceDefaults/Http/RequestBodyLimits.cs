using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Kestrel reads bodies of up to 30 MB by default; a JSON body here is a few KB (a call's description
/// is at most 2,000 characters), so every endpoint takes <c>Limits:JsonBodyBytes</c> (64 KB) unless it
/// says otherwise (photos, the catalogue). A longer body is a 413 problem (<see cref="ProblemResponses"/>).
/// </summary>
public static class RequestBodyLimits
{
    public static WebApplicationBuilder AddRequestBodyLimit(this WebApplicationBuilder builder)
    {
        var bytes = builder.Configuration.GetValue<long>("Limits:JsonBodyBytes", 64 * 1024);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = bytes);
        return builder;
    }

    /// <summary>An endpoint whose body may be longer than a JSON request's.</summary>
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder endpoint, long bytes) =>
        endpoint.WithMetadata(new RequestSizeLimitAttribute(bytes));
}
