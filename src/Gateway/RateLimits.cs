using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace CallResponse.Gateway;

/// <summary>
/// How many requests the gateway takes per <see cref="Window"/> from one user and from one address
/// (section <c>RateLimits</c>); beyond either, 429 with <c>Retry-After</c>. An office behind one address
/// holds many users, so the address limit is the larger.
/// </summary>
public sealed class RateLimits
{
    public const string Section = "RateLimits";

    public int PerUser { get; init; } = 600;

    public int PerAddress { get; init; } = 3000;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Callers on this machine are not limited: by default in Development only, where the benchmark, the chaos
    /// checker and the tests load the gateway from 127.0.0.1 far beyond any person's pace.
    /// </summary>
    public bool ExemptLoopback { get; init; }
}

public static class RateLimiting
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RateLimits.Section);
        var limits = section.Get<RateLimits>() ?? new RateLimits();
        var exemptLoopback = section.GetValue(nameof(RateLimits.ExemptLoopback), builder.Environment.IsDevelopment());
        bool Exempt(HttpContext context) =>
            exemptLoopback && context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        builder.Services.AddRateLimiter(options =>
        {
            // The user is the token's sub read without checking its signature (the services check it): a client
            // can name any user, so the user limit alone would hold nobody. It only ever narrows what the
            // address limit, chained before it, already allows.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Exempt(context)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : FixedWindow($"address:{context.Connection.RemoteIpAddress}", limits.PerAddress, limits.Window)),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    Exempt(context) || Subject(context) is not { } user
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : FixedWindow($"user:{user}", limits.PerUser, limits.Window)));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = (int)Math.Ceiling((rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? after
                    : limits.Window).TotalSeconds);
                var http = rejected.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new()
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "请求过于频繁",
                        Detail = $"请于 {seconds} 秒后重试 (too many requests from you or your address: "
                            + $"try again in {seconds} s).",
                    },
                });
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });

    /// <summary>The <c>sub</c> of a bearer JWT, unverified; null without one or when it cannot be read.</summary>
    private static string? Subject(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var parts = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Split('.') : [];
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64UrlTextEncoder.Decode(parts[1]));
            return payload.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String
                ? sub.GetString()
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
