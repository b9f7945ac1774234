using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Sends case commands as a client would: the body, the ETag in If-Match, an optional Idempotency-Key.</summary>
internal static class CaseCommands
{
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, Guid caseId, string command, object body, long? version, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/{command}") { Content = JsonContent.Create(body) };
        if (version is { } known)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{known}\""));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Sends a command that must succeed and returns the case after it.</summary>
    public static async Task<CaseState> DoAsync(this HttpClient client, Guid caseId, string command, object body, long version)
    {
        using var response = await client.SendAsync(caseId, command, body, version);
        Assert.True(response.IsSuccessStatusCode, $"{command}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseState>())!;
    }
}
