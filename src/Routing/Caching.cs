namespace CallResponse.Routing;

/// <summary>
/// Reference data changes only with a new version, so its ETag is the version: a client that sends
/// it back in <c>If-None-Match</c> gets 304 and keeps its copy.
/// </summary>
internal static class Caching
{
    public static bool NotModified(HttpContext context, string version)
    {
        var etag = $"\"{version}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch.Contains(etag);
    }
}
