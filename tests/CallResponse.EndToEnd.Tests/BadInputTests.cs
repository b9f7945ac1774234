using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Bad input gets an RFC 9457 problem naming the field, and nothing is stored or published.</summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputTests(RunningSystem system)
{
    public static TheoryData<string, string> BadCalls => new()
    {
        { """{"gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in"}""", "itemCode" },
        { """{"itemCode":"NOPE-99","gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in"}""", "itemCode" },
        { """{"itemCode":"CITY-01","gridCode":"LW-XX-99-G99","description":"x","channel":"walk-in"}""", "gridCode" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01","description":"x","channel":"walk-in"}""", "gridCode" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"","channel":"walk-in"}""", "description" },
        { $$"""{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"{{new string('长', 2001)}}","channel":"walk-in"}""", "description" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"x","channel":"carrier-pigeon"}""", "channel" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in","reportedAt":"2999-01-01T00:00:00+08:00"}""", "reportedAt" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in","resident":{"phone":"call me"}}""", "resident.phone" },
        { """{"itemCode":"CITY-01","gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in","reportedAt":"yesterday"}""", "reportedAt" },
        { """{"itemCode":42,"gridCode":"LW-HL-01-G01","description":"x","channel":"walk-in"}""", "itemCode" },
        { """{"itemCode":"CITY-01","gridCode":""", "gridCode" },
        { "not json at all", "body" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task A_bad_call_is_refused_with_the_field_named_and_nothing_stored(string body, string field)
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await system.Gateway.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, field);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    public static TheoryData<string> BadKeys => new() { "", new string('k', 101), "key\twith-a-tab" };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_idempotency_key_is_refused_naming_the_header_and_nothing_stored(string key)
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls") { Content = JsonContent.Create(Calls.Valid()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await system.Gateway.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, "Idempotency-Key");
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    [Fact]
    public async Task A_header_the_gateway_cannot_forward_is_refused_naming_it_and_nothing_stored()
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        // HttpClient sends only ASCII unless told otherwise, as the gateway's own forwarding client does.
        using var utf8 = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = system.Service("gateway").BaseAddress,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls") { Content = JsonContent.Create(Calls.Valid()) };
        request.Headers.Authorization = system.Gateway.DefaultRequestHeaders.Authorization;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "请求-1");

        using var response = await utf8.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, "Idempotency-Key");
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(4_000_000)]
    public async Task A_body_longer_than_a_json_request_takes_is_a_413_problem_and_nothing_stored(int length)
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        var padded = new { itemCode = "CITY-01", gridCode = Calls.Grid, description = "x", channel = "walk-in", padding = new string('x', length) };

        using var response = await system.Gateway.SendAsync(RunningSystem.NewCall(padded, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }
}
