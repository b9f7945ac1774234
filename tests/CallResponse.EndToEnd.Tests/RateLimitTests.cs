using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Beyond its limit, a user or an address gets 429 with Retry-After, and the others go on.</summary>
public sealed class UserRateLimitTests(UserLimitedGateway gateway) : IClassFixture<UserLimitedGateway>
{
    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_while_another_user_goes_on()
    {
        using var client = gateway.Client();

        var first = await RateLimit.SendAsync(client, 4, RateLimit.UnsignedToken("busy-user"));
        var other = await RateLimit.SendAsync(client, 1, RateLimit.UnsignedToken("other-user"));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            first.Concat(other).Select(response => response.StatusCode));
        await RateLimit.AssertRetryAfterProblemAsync(first[^1]);
    }
}

public sealed class AddressRateLimitTests(AddressLimitedGateway gateway) : IClassFixture<AddressLimitedGateway>
{
    [Fact]
    public async Task An_address_over_the_limit_gets_429_whichever_user_its_tokens_name()
    {
        using var client = gateway.Client();

        // The start-up's readiness probe came from this address too: the tenth request is over at the latest.
        var anonymous = await RateLimit.SendAsync(client, 10, token: null);
        var named = await RateLimit.SendAsync(client, 1, RateLimit.UnsignedToken("fresh-user"));

        Assert.Equal(HttpStatusCode.OK, anonymous[0].StatusCode);
        await RateLimit.AssertRetryAfterProblemAsync(anonymous[^1]);
        await RateLimit.AssertRetryAfterProblemAsync(named[0]);
    }
}

internal static class RateLimit
{
    public static async Task<HttpResponseMessage[]> SendAsync(HttpClient client, int count, string? token)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
            responses.Add(await client.SendAsync(request));
        }

        return [.. responses];
    }

    /// <summary>A JWT naming <paramref name="subject"/>, not signed: the gateway reads it without checking.</summary>
    public static string UnsignedToken(string subject) =>
        $"{Encode(new { alg = "none" })}.{Encode(new { sub = subject })}.";

    public static async Task AssertRetryAfterProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("请求过于频繁", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    private static string Encode(object part) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(part))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
