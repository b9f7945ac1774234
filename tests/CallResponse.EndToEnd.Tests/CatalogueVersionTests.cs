using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// Publishing a catalogue version changes how new cases are routed, never how routed ones were.
/// Runs its own system: the new version would change the shared one's catalogue.
/// </summary>
public sealed class CatalogueVersionTests : IAsyncLifetime
{
    private readonly RunningSystem system = RunningSystem.With(new Dictionary<string, string>());

    public Task InitializeAsync() => system.InitializeAsync();

    public Task DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task A_new_version_routes_new_cases_and_routed_cases_keep_theirs()
    {
        var before = await system.LogCallAsync(Calls.Valid("WATER-01"));
        Assert.Equal("2026.1", (await system.WaitUntilRoutedAsync(before.CaseId)).CatalogueVersion);

        // 2026.2 hands burst water mains to the city administration instead of the water bureau.
        var next = await CurrentCatalogueAsync();
        next["version"] = "2026.2";
        Item(next, "WATER-01")["leadDepartment"] = "CG";
        using var published = await system.Gateway.PutAsJsonAsync("/api/catalogue", next);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        var after = await system.LogCallAsync(Calls.Valid("WATER-01"));
        var routedAfter = await system.WaitUntilRoutedAsync(after.CaseId);
        var routedBefore = await system.WaitUntilRoutedAsync(before.CaseId);

        Assert.Equal(("2026.2", "CG"), (routedAfter.CatalogueVersion, routedAfter.Assignment!.UnitCode));
        Assert.Equal(("2026.1", "SW"), (routedBefore.CatalogueVersion, routedBefore.Assignment!.UnitCode));
        var versions = await system.Gateway.GetFromJsonAsync<JsonElement[]>("/api/catalogue/versions");
        Assert.Equal(["2026.2", "2026.1"], versions!.Select(version => version.GetProperty("version").GetString()));
        var old = await system.Gateway.GetFromJsonAsync<JsonObject>("/api/catalogue/versions/2026.1");
        Assert.Equal("SW", Item(old!, "WATER-01")["leadDepartment"]!.GetValue<string>());
        Assert.True(Item(old!, "ENERGY-01")["escalateOnBreach"]!.GetValue<bool>()); // stored and served with the version
    }

    [Fact]
    public async Task A_version_that_fails_validation_or_exists_already_changes_nothing()
    {
        var invalid = await CurrentCatalogueAsync();
        invalid["version"] = "2026.9";
        Item(invalid, "CITY-01")["leadDepartment"] = "NOPE";
        var existing = await CurrentCatalogueAsync();
        var notBoolean = await CurrentCatalogueAsync();
        notBoolean["version"] = "2026.8";
        Item(notBoolean, "ENERGY-01")["escalateOnBreach"] = "yes";
        var ordinaryEscalating = await CurrentCatalogueAsync();
        ordinaryEscalating["version"] = "2026.7";
        Item(ordinaryEscalating, "CITY-01")["escalateOnBreach"] = true;

        using var refused = await system.Gateway.PutAsJsonAsync("/api/catalogue", invalid);
        using var conflict = await system.Gateway.PutAsJsonAsync("/api/catalogue", existing);
        using var unreadable = await system.Gateway.PutAsJsonAsync("/api/catalogue", notBoolean);
        using var ordinary = await system.Gateway.PutAsJsonAsync("/api/catalogue", ordinaryEscalating);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("categories[0].items[0].leadDepartment", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, ordinary.StatusCode);
        var ordinaryProblem = await ordinary.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ordinaryProblem.GetProperty("errors").TryGetProperty("categories[0].items[0].escalateOnBreach", out _), ordinaryProblem.ToString());
        Assert.Equal("2026.1", (await CurrentCatalogueAsync())["version"]!.GetValue<string>());
    }

    private async Task<JsonObject> CurrentCatalogueAsync() => (await system.Gateway.GetFromJsonAsync<JsonObject>("/api/catalogue"))!;

    private static JsonObject Item(JsonObject catalogue, string code) =>
        catalogue["categories"]!.AsArray().SelectMany(category => category!["items"]!.AsArray()).Select(item => item!.AsObject()).Single(item => item["code"]!.GetValue<string>() == code);
}
