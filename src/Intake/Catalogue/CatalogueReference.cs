using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.ReferenceCopies;

namespace CallResponse.Intake.Catalogue;

/// <summary>
/// The item and grid codes a call may name, as routing publishes them, with each grid's community and street.
/// </summary>
/// <remarks>A set type that JSON reads back, since the copy is stored.</remarks>
public sealed record CatalogueCodes(
    string Version, HashSet<string> ItemCodes, IReadOnlyDictionary<string, GridPlace> Grids);

/// <summary>
/// Where a grid lies: its community, street and district, so every case knows its units from the start.
/// </summary>
public sealed record GridPlace(string CommunityCode, string StreetCode, string DistrictCode);

/// <summary>
/// Intake's copy of routing's catalogue and area codes (a <see cref="ReferenceCopy{T}"/>), to check calls
/// without ever waiting on routing: refreshed in the background every <c>Catalogue:RefreshAfter</c>
/// (30 s), stored in intake's schema, so calls are checked against the last known codes whatever routing
/// does, even after a restart. Routing's address is <c>Services:routing</c>.
/// </summary>
public static class CatalogueReference
{
    public const string RoutingClient = "routing";

    public static WebApplicationBuilder AddCatalogueReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddServiceClient(builder.Configuration, RoutingClient, "http://localhost:8082");
        return builder.AddReferenceCopy("catalogue", "Catalogue", TimeSpan.FromSeconds(30), FetchAsync);
    }

    private static async Task<CatalogueCodes> FetchAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var catalogue = await services.GetDocumentAsync<CatalogueDocument>(
            RoutingClient, "/api/catalogue", cancellationToken);
        var areas = await services.GetDocumentAsync<AreaDocument>(RoutingClient, "/api/areas", cancellationToken);

        var grids = new Dictionary<string, GridPlace>(StringComparer.Ordinal);
        CollectGrids(areas, [], grids);
        return new CatalogueCodes(
            catalogue.Version,
            catalogue.Categories.SelectMany(category => category.Items)
                .Select(item => item.Code)
                .ToHashSet(StringComparer.Ordinal),
            grids);
    }

    private static void CollectGrids(
        AreaDocument area,
        Dictionary<string, string> ancestors,
        Dictionary<string, GridPlace> grids)
    {
        if (area.Level == "grid")
        {
            grids[area.Code] = new GridPlace(
                ancestors.GetValueOrDefault("community", ""),
                ancestors.GetValueOrDefault("street", ""),
                ancestors.GetValueOrDefault("district", ""));
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
