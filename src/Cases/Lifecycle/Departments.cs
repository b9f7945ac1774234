using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.ReferenceCopies;

namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// The departments routing's catalogue names, so that a case summons (街道吹哨) or asks for help
/// (协办) only departments that exist. A stored copy refreshed in the background every
/// <c>Departments:RefreshAfter</c> (30 s), so a command never waits on routing.
/// </summary>
public sealed class Departments(ReferenceCopy<Departments.Codes> copy)
{
    /// <summary>The department codes of routing's current catalogue.</summary>
    public sealed record Codes(HashSet<string> Known);

    public static WebApplicationBuilder Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Departments>();
        return builder.AddReferenceCopy("departments", "Departments", TimeSpan.FromSeconds(30), FetchAsync);
    }

    private static async Task<Codes> FetchAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var catalogue = await services.GetDocumentAsync<CatalogueDocument>(
            RoutingCheck.Client, "/api/catalogue", cancellationToken);
        return new Codes(catalogue.Departments.Select(department => department.Code).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The department codes as last fetched; null if routing has never answered.</summary>
    public Codes? Current => copy.Current;

    /// <summary>What a command that names departments fetches before its decision.</summary>
    public static Task<Codes?> FetchFor<TRequest>(CommandContext context, TRequest request, HttpContext http) =>
        Task.FromResult(http.RequestServices.GetRequiredService<Departments>().Current);

    /// <summary>
    /// Null when every code names a department of <paramref name="known"/>; else why not, for
    /// <paramref name="field"/> (or 503 when routing never answered).
    /// </summary>
    public static Decision? Check(Codes? known, IEnumerable<string> departments, string field)
    {
        if (known is not { } codes)
        {
            return new Decision.Refuse(
                StatusCodes.Status503ServiceUnavailable,
                "The catalogue of departments is not available now.",
                "Nothing was changed; try again shortly.");
        }

        var unknown = departments.Where(code => !codes.Known.Contains(code)).ToList();
        return unknown.Count == 0 ? null : Decision.Field(
            field,
            $"目录中没有这些部门：{string.Join("、", unknown)} "
            + $"(not a department of the catalogue: {string.Join(", ", unknown)}).");
    }

    // Only what is read here; routing's catalogue carries more.
    private sealed record CatalogueDocument(IReadOnlyList<DepartmentDocument> Departments);

    private sealed record DepartmentDocument(string Code);
}
