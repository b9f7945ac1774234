using CallResponse.ServiceDefaults.Http;

namespace CallResponse.Gateway;

/// <summary>
/// YARP forwards request headers through HttpClient, which refuses a value that is not printable ASCII:
/// such a request (a UTF-8 <c>Idempotency-Key</c>) failed as a 502, the gateway's fault. It is the
/// client's, so it is refused here as a 400 naming the header, before anything is forwarded.
/// </summary>
public static class ForwardableHeaders
{
    public static WebApplication UseForwardableHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var bad = context.Request.Headers.FirstOrDefault(header => header.Value.Any(
                value => value is not null && !value.All(c => c is '\t' or (>= ' ' and <= '~'))));
            if (bad.Key is null)
            {
                await next(context);
                return;
            }

            await ProblemResponses.Invalid(new Dictionary<string, string[]>
            {
                [bad.Key] = ["请求头只能使用可打印的 ASCII 字符 (a header value must be printable ASCII characters)."],
            }).ExecuteAsync(context);
        });
        return app;
    }
}
