using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Supervisors and admins see who read which resident's contact; no one else does.</summary>
[Collection(SystemCollection.Name)]
public sealed class ContactReadAuditTests(RunningSystem system)
{
    private const string Street = "LW-HL";

    [Fact]
    public async Task A_supervisor_lists_the_reads_of_their_streets_calls_newest_first_filtered_and_paged()
    {
        var (callId, readers) = await CallReadTwiceAsync();
        using var supervisor = system.As("supervisor", Street);
        using var otherStreet = system.As("supervisor", "LW-ZJ");

        var all = await ReadsAsync(supervisor, $"callId={callId}");
        var byReader = await ReadsAsync(supervisor, $"callId={callId}&reader={readers[0]}");
        var first = await supervisor.GetFromJsonAsync<JsonElement>($"/api/audit/contact-reads?callId={callId}&limit=1");
        var next = await ReadsAsync(supervisor, $"callId={callId}&limit=1&cursor={first.GetProperty("nextCursor").GetString()}");
        var future = await ReadsAsync(supervisor, $"callId={callId}&from={DateTimeOffset.UtcNow.AddHours(1):O}".Replace("+", "%2B"));
        var elsewhere = await ReadsAsync(otherStreet, $"callId={callId}");
        var admin = await ReadsAsync(system.Gateway, $"callId={callId}");

        Assert.Equal([readers[1], readers[0]], all.Select(Reader)); // newest first
        Assert.All(all, read => Assert.Equal(callId, read.GetProperty("callId").GetGuid()));
        Assert.Equal([readers[0]], byReader.Select(Reader));
        Assert.Equal([readers[1]], first.GetProperty("reads").EnumerateArray().Select(Reader));
        Assert.Equal([readers[0]], next.Select(Reader));
        Assert.Empty(future);
        Assert.Empty(elsewhere);
        Assert.Equal(2, admin.Length);
    }

    [Theory]
    [InlineData("grid-worker", Calls.Grid)]
    [InlineData("community-dispatcher", "LW-HL-01")]
    [InlineData("street-dispatcher", Street)]
    [InlineData("liaison", "SW")]
    public async Task Other_roles_are_forbidden(string role, string unit)
    {
        using var client = system.As(role, unit);

        using var response = await client.GetAsync("/api/audit/contact-reads");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_it_is_401_and_a_bad_limit_is_400()
    {
        using var supervisor = system.As("supervisor", Street);

        using var anonymous = await system.Anonymous().GetAsync("/api/audit/contact-reads");
        using var badLimit = await supervisor.GetAsync("/api/audit/contact-reads?limit=1000");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await Problems.AssertNamesFieldAsync(badLimit, "limit");
    }

    [Fact]
    public async Task Intakes_openapi_description_documents_the_listing()
    {
        var document = await system.Gateway.GetFromJsonAsync<JsonElement>("/openapi/intake.json");

        var get = document.GetProperty("paths").GetProperty("/api/audit/contact-reads").GetProperty("get");
        Assert.Contains("newest first", get.GetProperty("summary").GetString());
        Assert.Contains(get.GetProperty("parameters").EnumerateArray(), parameter => parameter.GetProperty("name").GetString() is "Reader" or "reader");
    }

    /// <summary>A call with a contact, read by its grid worker and then by its community's dispatcher.</summary>
    private async Task<(Guid CallId, string[] Readers)> CallReadTwiceAsync()
    {
        var readers = new[] { $"gw-{Guid.NewGuid():N}", $"cd-{Guid.NewGuid():N}" };
        using var gridWorker = system.As("grid-worker", Calls.Grid, readers[0]);
        using var dispatcher = system.As("community-dispatcher", "LW-HL-01", readers[1]);
        var logged = await system.LogCallAsync(Calls.Valid(resident: new { name = "王五", phone = "13900001111" }), client: gridWorker);
        (await gridWorker.GetAsync($"/api/calls/{logged.CaseId}/contact")).EnsureSuccessStatusCode();
        (await dispatcher.GetAsync($"/api/calls/{logged.CaseId}/contact")).EnsureSuccessStatusCode();
        return (logged.CaseId, readers);
    }

    private static async Task<JsonElement[]> ReadsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/audit/contact-reads?{query}");
        return [.. page.GetProperty("reads").EnumerateArray()];
    }

    private static string Reader(JsonElement read) => read.GetProperty("readBy").GetString()!.Split(':')[^1];
}
