using System.Net.Http.Json;
using CallResponse.ServiceDefaults.Http;
using Microsoft.Extensions.Options;

namespace CallResponse.Intake.Catalogue;

/// <summary>The item and grid codes a call may name, as routing publishes them, with each grid's community and street.</summary>
public sealed record CatalogueCodes(string Version, IReadOnlySet<string> ItemCodes, IReadOnlyDictionary<string, GridPlace> Grids);

/// <summary>Where a grid lies: its community, street and district, so every case knows its units from the start.</summary>
public sealed record GridPlace(string CommunityCode, string StreetCode, string DistrictCode);

/// <summary>How long intake trusts its copy of the catalogue (routing's address is <c>Services:routing</c>).</summary>
public sealed class CatalogueReferenceOptions
{
    public const string Section = "Catalogue";

    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Intake's copy of routing's catalogue and area codes, to validate calls without a round trip
/// each time: refreshed after <see cref="CatalogueReferenceOptions.RefreshAfter"/>, the last copy
/// kept while routing cannot be reached. The HTTP client retries with back-off (Polly).
/// </summary>
/// <remarks>A singleton: the copy is shared by all requests.</remarks>
public sealed class CatalogueReference
{
    private readonly IHttpClientFactory httpClients;
    private readonly RefreshingCopy<CatalogueCodes> copy;

    public CatalogueReference(IHttpClientFactory httpClients, TimeProvider clock, IOptions<CatalogueReferenceOptions> options)
    {
        this.httpClients = httpClients;
        copy = new RefreshingCopy<CatalogueCodes>(FetchAsync, () => options.Value.RefreshAfter, clock);
    }

    /// <summary>The codes, or <c>null</c> when routing has never answered.</summary>
    public Task<CatalogueCodes?> GetAsync(CancellationToken cancellationToken) => copy.GetAsync(cancellationToken);

    public const string RoutingClient = "routing";

    private async Task<CatalogueCodes> FetchAsync(CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(RoutingClient);
        var catalogue = await http.GetFromJsonAsync<CatalogueDocument>("/api/catalogue", cancellationToken)
            ?? throw new HttpRequestException("Routing answered an empty catalogue.");
        var areas = await http.GetFromJsonAsync<AreaDocument>("/api/areas", cancellationToken)
            ?? throw new HttpRequestException("Routing answered an empty area tree.");

        var grids = new Dictionary<string, GridPlace>(StringComparer.Ordinal);
        CollectGrids(areas, [], grids);
        return new CatalogueCodes(
            catalogue.Version,
            catalogue.Categories.SelectMany(category => category.Items).Select(item => item.Code).ToHashSet(StringComparer.Ordinal),
            grids);
    }

    private static void CollectGrids(AreaDocument area, Dictionary<string, string> ancestors, Dictionary<string, GridPlace> grids)
    {
        if (area.Level == "grid")
        {
            grids[area.Code] = new GridPlace(ancestors.GetValueOrDefault("community", ""), ancestors.GetValueOrDefault("street", ""), ancestors.GetValueOrDefault("district", ""));
            return;
        }

        var below = new Dictionary<string, string>(ancestors) { [area.Level] = area.Code };
        foreach (var child in area.Children)
        {
            CollectGrids(child, below, grids);
        }
    }

    // Only the fields intake reads; routing's documents carry more.
    private sealed record CatalogueDocument(string Version, IReadOnlyList<CategoryDocument> Categories);

    private sealed record CategoryDocument(IReadOnlyList<ItemDocument> Items);

    private sealed record ItemDocument(string Code);

    private sealed record AreaDocument(string Code, string Level, IReadOnlyList<AreaDocument> Children);
}
