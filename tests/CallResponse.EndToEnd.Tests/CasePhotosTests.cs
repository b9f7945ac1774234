using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;
using SkiaSharp;

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
        using var stored = SKBitmap.Decode(await seen.Content.ReadAsByteArrayAsync());
        Assert.Equal((1, 1), (stored.Width, stored.Height));
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

    [Fact]
    public async Task A_photo_is_stored_without_its_exif_location_and_turned_upright()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        var routed = await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid("WATER-01"), client: gridWorker)).CaseId);
        var taken = WithExif(Jpeg(800, 600)); // noise: longer than a JSON body may be, as a phone's photo is
        Assert.True(taken.Length > 64 * 1024 && taken.AsSpan().IndexOf("Exif"u8) > 0);

        using var attached = await AttachAsync(gridWorker, routed.Id, taken, "image/jpeg");
        var url = (await attached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        var served = await gridWorker.GetByteArrayAsync(url);

        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        Assert.True(served.AsSpan().IndexOf("Exif"u8) < 0, "the photo is served without its EXIF block");
        Assert.True(served.AsSpan().IndexOf("MM\0*"u8) < 0, "and without any TIFF header that could hold GPS");
        using var decoded = SKBitmap.Decode(served);
        Assert.Equal((600, 800), (decoded.Width, decoded.Height)); // the EXIF orientation (90° clockwise) applied
    }

    [Fact]
    public async Task A_case_takes_nine_photos_and_refuses_the_tenth()
    {
        using var gridWorker = system.As("grid-worker", Calls.Grid);
        var routed = await system.WaitUntilRoutedAsync((await system.LogCallAsync(Calls.Valid("WATER-01"), client: gridWorker)).CaseId);
        for (var i = 0; i < 9; i++)
        {
            using var accepted = await AttachAsync(gridWorker, routed.Id, Png, "image/png");
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        using var tenth = await AttachAsync(gridWorker, routed.Id, Png, "image/png");

        Assert.Equal(HttpStatusCode.Conflict, tenth.StatusCode);
        Assert.Equal("照片已达上限", (await tenth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        var found = await gridWorker.GetFromJsonAsync<JsonElement>($"/api/cases/{routed.Id}");
        Assert.Equal(9, found.GetProperty("photos").GetArrayLength());
    }

    private static byte[] Jpeg(int width, int height)
    {
        var random = new Random(17);
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }

    /// <summary>
    /// The JPEG with an EXIF block after its start marker, as a phone writes it: orientation 6 (turn 90°
    /// clockwise to show) and a GPS latitude of 31°14' N.
    /// </summary>
    private static byte[] WithExif(byte[] jpeg)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian, IFD0 at 8
            0, 2, // IFD0: two entries
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, 6
            0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38, // GPS IFD at 38
            0, 0, 0, 0, // no next IFD
            0, 2, // GPS IFD: two entries
            0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0, // GPSLatitudeRef "N"
            0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 68, // GPSLatitude, three rationals at 68
            0, 0, 0, 0,
            0, 0, 0, 31, 0, 0, 0, 1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
        ];
        var length = 2 + 6 + tiff.Length;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8, .. tiff, .. jpeg[2..]];
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
