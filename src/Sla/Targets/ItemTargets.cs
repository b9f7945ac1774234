using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace CallResponse.Sla.Targets;

/// <summary>An item's promise: time to claim and to resolve, and the clock they run on.</summary>
public sealed record ItemTarget(string ResponseTarget, string ResolutionTarget, string Clock);

/// <summary>
/// Reads items' targets from routing's catalogue, by the version a case was routed under. Published
/// versions never change, so each is fetched once and kept.
/// </summary>
public sealed class ItemTargets(IHttpClientFactory clients, IOptions<SlaOptions> options)
{
    public const string RoutingClient = "routing";
    private readonly ConcurrentDictionary<string, Task<Dictionary<string, ItemTarget>>> versions = new();

    public async Task<ItemTarget> ForAsync(
        string catalogueVersion,
        string itemCode,
        CancellationToken cancellationToken)
    {
        var catalogue = versions.GetOrAdd(catalogueVersion, version => FetchAsync(version, CancellationToken.None));
        try
        {
            return (await catalogue.WaitAsync(cancellationToken)).GetValueOrDefault(itemCode)
                ?? new ItemTarget(
                    options.Value.DefaultResponseTarget,
                    options.Value.DefaultResolutionTarget,
                    "working");
        }
        catch (HttpRequestException)
        {
            versions.TryRemove(catalogueVersion, out _); // not cached: the next message asks again
            throw;
        }
    }

    private async Task<Dictionary<string, ItemTarget>> FetchAsync(string version, CancellationToken cancellationToken)
    {
        var catalogue = await clients.CreateClient(RoutingClient).GetFromJsonAsync<CatalogueDocument>(
            $"/api/catalogue/versions/{Uri.EscapeDataString(version)}",
            cancellationToken)
            ?? throw new HttpRequestException($"Routing answered no catalogue {version}.");
        return catalogue.Categories.SelectMany(category => category.Items)
            .ToDictionary(
                item => item.Code,
                item => new ItemTarget(item.ResponseTarget, item.ResolutionTarget, item.Clock));
    }

    private sealed record CatalogueDocument(IReadOnlyList<CategoryDocument> Categories);

    private sealed record CategoryDocument(IReadOnlyList<ItemDocument> Items);

    private sealed record ItemDocument(string Code, string ResponseTarget, string ResolutionTarget, string Clock);
}
