using System.Net;
using System.Net.Http.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Role × endpoint × ownership: every denial holds (401, 403 or 404), and nothing changes.
/// The case is a burst water main (WATER-01) in grid LW-HL-01-G01, assigned to the water bureau
/// (SW) with the city administration (CG) assisting.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AccessMatrixTests(RunningSystem system)
{
    public static TheoryData<string?, string?, string, string, HttpStatusCode> Denials => new()
    {
        // not signed in
        { null, null, "GET", "/api/cases/{id}", HttpStatusCode.Unauthorized },
        { null, null, "POST", "/api/cases/{id}/claim", HttpStatusCode.Unauthorized },
        { null, null, "POST", "/api/calls", HttpStatusCode.Unauthorized },
        // cannot see the case: 404, as if it did not exist
        { "liaison", "GA", "GET", "/api/cases/{id}", HttpStatusCode.NotFound },
        { "liaison", "GA", "GET", "/api/cases/{id}/history", HttpStatusCode.NotFound },
        { "liaison", "GA", "POST", "/api/cases/{id}/claim", HttpStatusCode.NotFound },
        { "grid-worker", "LW-LN-01-G01", "GET", "/api/cases/{id}", HttpStatusCode.NotFound },
        { "community-dispatcher", "LW-HL-02", "POST", "/api/cases/{id}/reassign", HttpStatusCode.NotFound },
        { "supervisor", "LW-LN", "POST", "/api/cases/{id}/escalate", HttpStatusCode.NotFound },
        { "supervisor", "LW-LN", "POST", "/api/cases/{id}/urge", HttpStatusCode.NotFound },
        { "street-dispatcher", "LW-LN", "POST", "/api/cases/{id}/whistle", HttpStatusCode.NotFound },
        // sees it, but it is not theirs to do: 403
        { "liaison", "CG", "POST", "/api/cases/{id}/claim", HttpStatusCode.Forbidden },
        { "liaison", "CG", "POST", "/api/cases/{id}/resolve", HttpStatusCode.Forbidden },
        { "liaison", "SW", "POST", "/api/cases/{id}/reassign", HttpStatusCode.Forbidden },
        { "liaison", "SW", "POST", "/api/cases/{id}/approve-extension", HttpStatusCode.Forbidden },
        { "liaison", "SW", "POST", "/api/cases/{id}/whistle", HttpStatusCode.Forbidden },
        { "liaison", "SW", "POST", "/api/cases/{id}/feedback", HttpStatusCode.Forbidden },
        { "liaison", "CG", "POST", "/api/cases/{id}/report", HttpStatusCode.Forbidden },
        { "street-dispatcher", "LW-HL", "POST", "/api/cases/{id}/claim", HttpStatusCode.Forbidden },
        { "street-dispatcher", "LW-HL", "POST", "/api/cases/{id}/approve-extension", HttpStatusCode.Forbidden },
        { "community-dispatcher", "LW-HL-01", "POST", "/api/cases/{id}/whistle", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-HL-01-G01", "POST", "/api/cases/{id}/claim", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-HL-01-G01", "POST", "/api/cases/{id}/reassign", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-HL-01-G01", "POST", "/api/cases/{id}/merge", HttpStatusCode.Forbidden },
        { "supervisor", "LW", "POST", "/api/cases/{id}/claim", HttpStatusCode.Forbidden },
        { "liaison", "SW", "POST", "/api/cases/{id}/urge", HttpStatusCode.Forbidden },
        { "street-dispatcher", "LW-HL", "POST", "/api/cases/{id}/urge", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-HL-01-G01", "POST", "/api/cases/{id}/urge", HttpStatusCode.Forbidden },
        // intake: the call and the resident's contact
        { "liaison", "SW", "POST", "/api/calls", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-LN-01-G01", "POST", "/api/calls", HttpStatusCode.Forbidden },
        { "liaison", "SW", "GET", "/api/calls/{id}", HttpStatusCode.NotFound },
        { "grid-worker", "LW-LN-01-G01", "GET", "/api/calls/{id}", HttpStatusCode.NotFound },
        { "street-dispatcher", "LW-HL", "GET", "/api/calls/{id}/contact", HttpStatusCode.Forbidden },
        { "grid-worker", "LW-LN-01-G01", "GET", "/api/calls/{id}/contact", HttpStatusCode.NotFound },
        { "grid-worker", "LW-HL-01-G01", "DELETE", "/api/calls/{id}/contact?reason=x", HttpStatusCode.Forbidden },
        // routing and the triage desk
        { "supervisor", "LW", "PUT", "/api/catalogue", HttpStatusCode.Forbidden },
        { "liaison", "SW", "GET", "/api/triage-desks/LW-HL/cases", HttpStatusCode.Forbidden },
        { "street-dispatcher", "LW-LN", "GET", "/api/triage-desks/LW-HL/cases", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Denials))]
    public async Task A_denial_holds_and_changes_nothing(string? role, string? unit, string method, string path, HttpStatusCode expected)
    {
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01", "水管爆裂", new { name = "赵六", phone = "13700001111" }));
        var routed = await system.WaitUntilRoutedAsync(logged.CaseId);
        var callEvents = await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events");
        using var client = role is null ? system.Anonymous() : system.As(role, unit!);

        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", logged.CaseId.ToString()))
        {
            Content = method is "POST" or "PUT" ? JsonContent.Create(BodyFor(path)) : null,
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{routed.Version}\""));
        if (path == "/api/calls")
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(routed.Version, (await system.WaitUntilRoutedAsync(logged.CaseId)).Version);
        Assert.Equal(callEvents, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_events"));
        Assert.Equal(1L, await system.Database.ScalarAsync<long>("select count(*) from intake.mt_doc_residentcontact where id = $1", logged.CaseId));
    }

    private static object BodyFor(string path) => path switch
    {
        "/api/calls" => Calls.Valid(),
        "/api/catalogue" => new { version = "2099.1", departments = Array.Empty<object>(), categories = Array.Empty<object>() },
        _ => new
        {
            reason = "测试",
            summary = "测试",
            note = "测试",
            level = "street",
            satisfaction = "satisfied",
            resolved = true,
            departments = new[] { "GA" },
            reportWithinMinutes = 30,
            into = Guid.NewGuid(),
        },
    };
}
