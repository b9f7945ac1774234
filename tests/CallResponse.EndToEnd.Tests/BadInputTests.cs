using System.Net;
using System.Net.Http.Headers;
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

    // A key in Chinese reached the gateway and was answered 502: its forwarder sends only ASCII headers on, so the
    // gateway refuses a header it cannot forward (ForwardableHeaders), naming it.
    public static TheoryData<string> BadKeys => new() { "", new string('k', 101), "key\twith-a-tab", "钥匙-幂等" };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_idempotency_key_is_refused_naming_the_header_and_nothing_stored(string key)
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls") { Content = JsonContent.Create(Calls.Valid()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        request.Headers.Authorization = system.Gateway.DefaultRequestHeaders.Authorization;
        // Header values go out as UTF-8 bytes, as a script's would; HttpClient's default sends ASCII only.
        using var client = new HttpClient(
            new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = system.Gateway.BaseAddress,
        };

        using var response = await client.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, "Idempotency-Key");
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    // Found by the fuzzer (tests/CallResponse.Fuzz.Tests): with Accept naming no JSON type, a 400 had no body.
    public static TheoryData<string> OtherAccepts => new() { "text/csv", "image/*", "application/xml" };

    [Theory]
    [MemberData(nameof(OtherAccepts))]
    public async Task A_bad_call_is_answered_a_problem_whatever_Accept_asks_for(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls")
        {
            Content = new StringContent("not json", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await system.Gateway.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, "body");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Found by the fuzzer: a role's denial (403) had no body.
    [Fact]
    public async Task A_role_refused_an_endpoint_is_answered_a_problem()
    {
        using var liaison = system.As("liaison", "SW");

        using var response = await liaison.GetAsync("/api/admin/parked/intake");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Found by the fuzzer: a charset no decoder knows was answered 500.
    [Fact]
    public async Task A_body_in_an_unknown_charset_is_refused_with_a_problem_and_nothing_stored()
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(Calls.Valid())),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    // Found by the fuzzer: a command to the empty id (all zeros) was answered 500.
    [Fact]
    public async Task A_command_to_the_empty_case_id_is_not_found()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{Guid.Empty}/reassign")
        {
            Content = JsonContent.Create(new { level = "street", reason = "测试" }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Found by the fuzzer: a photo for the empty id was answered 500, as commands were.
    [Fact]
    public async Task A_photo_for_the_empty_case_id_is_not_found()
    {
        using var photo = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        using var response = await system.Gateway.PostAsync($"/api/cases/{Guid.Empty}/photos", photo);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Found by the fuzzer: PostgreSQL keeps no NUL in text or jsonb, so text with one was answered 500 when stored.
    [Fact]
    public async Task Text_with_a_NUL_character_is_refused_naming_the_field_and_nothing_stored()
    {
        var eventsBefore = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        using var request = RunningSystem.NewCall(Calls.Valid(description: "水管\u0000爆裂"), Guid.NewGuid().ToString());

        using var response = await system.Gateway.SendAsync(request);

        await Problems.AssertNamesFieldAsync(response, "description");
        Assert.Equal(eventsBefore, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
    }

    [Fact]
    public async Task A_query_parameter_with_a_NUL_character_is_refused_naming_it_and_nothing_erased()
    {
        var logged = await system.LogCallAsync(Calls.Valid(resident: new { name = "赵六", phone = "13700001111" }));

        using var response = await system.Gateway.DeleteAsync($"/api/calls/{logged.CaseId}/contact?reason=a%00b");

        await Problems.AssertNamesFieldAsync(response, "reason");
        Assert.Equal(
            1L,
            await system.Database.ScalarAsync<long>(
                "select count(*) from intake.mt_doc_residentcontact where id = $1", logged.CaseId));
    }

    [Fact]
    public async Task An_audit_range_in_china_standard_time_is_answered()
    {
        // The fuzzer's seed 17 found this one once the urge command changed its plan: a +08:00 offset was a 500.
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToOffset(TimeSpan.FromHours(8)).ToString("O"));

        using var response = await system.Gateway.GetAsync($"/api/audit/contact-reads?from={from}&to={from}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
