using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>A client finds what to send: the catalogue and the area tree, cached by version.</summary>
[Collection(SystemCollection.Name)]
public sealed class ReferenceDataTests(RunningSystem system)
{
    [Fact]
    public async Task The_catalogue_lists_categories_items_and_departments()
    {
        var catalogue = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/catalogue");

        Assert.False(string.IsNullOrEmpty(catalogue.GetProperty("version").GetString()));
        var item = catalogue.GetProperty("categories")[0].GetProperty("items")[0];
        Assert.All(new[] { "code", "name", "leadDepartment", "urgency", "responseTarget" }, field => Assert.True(item.TryGetProperty(field, out _), field));
        Assert.NotEqual(0, catalogue.GetProperty("departments").GetArrayLength());
    }

    [Fact]
    public async Task A_client_with_the_current_version_gets_304()
    {
        using var first = await system.Gateway.GetAsync("/api/catalogue");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogue");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task The_area_tree_nests_district_street_community_grid()
    {
        var district = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/areas");
        var street = district.GetProperty("children")[0];
        var community = street.GetProperty("children")[0];
        var grid = community.GetProperty("children")[0];

        Assert.Equal(["district", "street", "community", "grid"], new[] { district, street, community, grid }.Select(area => area.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task One_area_is_found_by_code_and_an_unknown_one_is_a_404_problem()
    {
        var grid = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/areas/{Calls.Grid}");
        using var unknown = await system.Gateway.GetAsync("/api/areas/LW-NOWHERE");

        Assert.Equal("grid", grid.GetProperty("level").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("application/problem+json").MediaType, unknown.Content.Headers.ContentType?.MediaType);
    }
}
