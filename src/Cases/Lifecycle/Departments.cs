using System.Net.Http.Json;
using CallResponse.ServiceDefaults.Http;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// The departments routing's catalogue names, so that a case summons (街道吹哨) or asks for help
/// (协办) only departments that exist. A copy refreshed every 30 s, kept while routing is unreachable.
/// </summary>
public sealed class Departments
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);
    private readonly RefreshingCopy<IReadOnlySet<string>> codes;

    public Departments(IHttpClientFactory httpClients, TimeProvider clock) =>
        codes = new RefreshingCopy<IReadOnlySet<string>>(
            async cancellationToken =>
            {
                var catalogue = await httpClients.CreateClient(RoutingCheck.Client).GetFromJsonAsync<CatalogueDocument>("/api/catalogue", cancellationToken)
                    ?? throw new HttpRequestException("Routing answered an empty catalogue.");
                return catalogue.Departments.Select(department => department.Code).ToHashSet(StringComparer.Ordinal);
            },
            () => RefreshAfter,
            clock);

    /// <summary>Null when every code names a department; else why not, for <paramref name="field"/> (or 503 when routing never answered).</summary>
    public async Task<Decision?> CheckAsync(IEnumerable<string> departments, string field, CancellationToken cancellationToken)
    {
        if (await codes.GetAsync(cancellationToken) is not { } known)
        {
            return new Decision.Refuse(StatusCodes.Status503ServiceUnavailable, "The catalogue of departments is not available now.", "Nothing was changed; try again shortly.");
        }

        var unknown = departments.Where(code => !known.Contains(code)).ToList();
        return unknown.Count == 0 ? null : Decision.Field(field, $"目录中没有这些部门：{string.Join("、", unknown)} (not a department of the catalogue: {string.Join(", ", unknown)}).");
    }

    // Only what is read here; routing's catalogue carries more.
    private sealed record CatalogueDocument(IReadOnlyList<DepartmentDocument> Departments);

    private sealed record DepartmentDocument(string Code);
}
