using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallResponse.EndToEnd.Tests;

/// <summary>What every bad request must answer: 400, with the field at fault named in the problem's errors.</summary>
public static class Problems
{
    public static async Task<JsonElement> AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        return problem;
    }
}
