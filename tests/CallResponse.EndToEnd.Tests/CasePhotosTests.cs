using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>Photos of the matter: attached by whoever sees the case, kept beside its history.</summary>
[Collection(SystemCollection.Name)]
public sealed class CasePhotosTests(RunningSystem system)
{
    // The smallest PNG: one transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_photo_attached_by_the_grid_worker_is_seen_by_the_liaison_and_in_the_history()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        using var liaison = system.As("liaison", "SW");
        var routed = await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid("WATER-01"), client: gridWorker)).CaseId);

        using var attached = await AttachAsync(gridWorker, routed.Id, Png, "image/png", "photo-1");
        using var again = await AttachAsync(gridWorker, routed.Id, Png, "image/png", "photo-1");
        var photo = await attached.Content.ReadFromJsonAsync<JsonElement>();
        using var seen = await liaison.GetAsync(photo.GetProperty("url").GetString());

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (attached.StatusCode, again.StatusCode));
        Assert.Equal(photo.GetProperty("photoId").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photoId").GetGuid()); // a retry attaches nothing twice
        Assert.Equal("image/png", seen.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await seen.Content.ReadAsByteArrayAsync());
        Assert.True(seen.Headers.CacheControl?.NoStore, "a photo of a resident's matter is never stored by a browser");
        var found = await liaison.GetFromJsonAsync<JsonElement>($"/api/cases/{routed.Id}");
        Assert.Equal([photo.GetProperty("photoId").GetGuid()], found.GetProperty("photos").EnumerateArray().Select(id => id.GetGuid()));
        var history = (await liaison.GetFromJsonAsync<JsonElement[]>($"/api/cases/{routed.Id}/history"))!;
        Assert.Equal("photo_attached", history[^1].GetProperty("event").GetString());
    }

    [Fact]
    public async Task A_photo_attached_the_moment_a_call_is_logged_does_not_hold_up_its_routing()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        var logged = await system.LogCallAsync(Calls.Valid("WATER-01"), client: gridWorker);
        var attached = await Eventually.GetAsync(
            () => AttachAsync(gridWorker, logged.CaseId, Png, "image/png", "at-once"),
            response => response.StatusCode != HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30),
            "the case to be open");

        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        Assert.Equal("SW", (await system.WaitUntilRoutedAsync(logged.CaseId)).Assignment!.UnitCode);
    }

    [Fact]
    public async Task What_is_not_a_photo_or_not_theirs_is_refused_and_nothing_is_attached()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        using var otherLiaison = system.As("liaison", "ZJ");
        var routed = await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid("WATER-01"), client: gridWorker)).CaseId);

        using var wrongType = await AttachAsync(gridWorker, routed.Id, Png, "application/pdf");
        using var notAnImage = await AttachAsync(gridWorker, routed.Id, "not a jpeg"u8.ToArray(), "image/jpeg");
        using var tooLarge = await AttachAsync(gridWorker, routed.Id, [0xFF, 0xD8, 0xFF, .. new byte[5 * 1024 * 1024]], "image/jpeg");
        using var notTheirs = await AttachAsync(otherLiaison, routed.Id, Png, "image/png");

        Assert.Equal(
            (HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.NotFound),
            (wrongType.StatusCode, notAnImage.StatusCode, tooLarge.StatusCode, notTheirs.StatusCode));
        Assert.Equal("application/problem+json", notAnImage.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        var found = await gridWorker.GetFromJsonAsync<JsonElement>($"/api/cases/{routed.Id}");
        Assert.Empty(found.GetProperty("photos").EnumerateArray());
        Assert.Equal(routed.Version, found.GetProperty("version").GetInt64());
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, Guid caseId, byte[] bytes, string contentType, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/photos") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }
}
