using System.Net.Http.Json;
using System.Text.Json;

namespace CallResponse.Benchmark;

/// <summary>Valid codes to log calls with, read from routing's reference data through the gateway.</summary>
internal sealed record ReferenceCodes(string CatalogueVersion, IReadOnlyList<string> ItemCodes, IReadOnlyList<string> GridCodes);

/// <summary>Raised when the system under test cannot be reached; the run exits with code 2.</summary>
internal sealed class UnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Checks that every service is ready, then fetches the catalogue and the area tree.</summary>
internal static class SystemCheck
{
    public static async Task EnsureReadyAsync(HttpClient http, IEnumerable<Uri> addresses, CancellationToken cancellationToken)
    {
        foreach (var address in addresses)
        {
            var probe = new Uri(address, "/health/ready");
            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new UnreachableException($"{probe} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                throw new UnreachableException($"{probe} does not answer ({exception.Message}). Start the system with deploy/up.", exception);
            }

            Console.WriteLine($"  ready: {probe}");
        }
    }

    public static async Task<ReferenceCodes> FetchCodesAsync(HttpClient http, Uri gateway, CancellationToken cancellationToken)
    {
        try
        {
            var catalogue = await http.GetFromJsonAsync<CatalogueDocument>(new Uri(gateway, "/api/catalogue"), JsonSerializerOptions.Web, cancellationToken)
                ?? throw new UnreachableException("GET /api/catalogue answered nothing");
            var root = await http.GetFromJsonAsync<AreaDocument>(new Uri(gateway, "/api/areas"), JsonSerializerOptions.Web, cancellationToken)
                ?? throw new UnreachableException("GET /api/areas answered nothing");

            var items = catalogue.Categories.SelectMany(category => category.Items).Select(item => item.Code).ToList();
            var grids = new List<string>();
            CollectGrids(root, grids);
            if (items.Count == 0 || grids.Count == 0)
            {
                throw new UnreachableException($"The reference data has {items.Count} item codes and {grids.Count} grid codes; calls cannot be logged.");
            }

            return new ReferenceCodes(catalogue.Version, items, grids);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw new UnreachableException($"Cannot read the reference data through {gateway}: {exception.Message}", exception);
        }
    }

    private static void CollectGrids(AreaDocument area, List<string> grids)
    {
        if (area.Level == "grid")
        {
            grids.Add(area.Code);
        }

        foreach (var child in area.Children ?? [])
        {
            CollectGrids(child, grids);
        }
    }

    // Only the fields the benchmark reads.
    private sealed record CatalogueDocument(string Version, IReadOnlyList<CategoryDocument> Categories);

    private sealed record CategoryDocument(IReadOnlyList<ItemDocument> Items);

    private sealed record ItemDocument(string Code);

    private sealed record AreaDocument(string Code, string Level, IReadOnlyList<AreaDocument>? Children);
}
