using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Http;
using CallResponse.ServiceDefaults.ReferenceCopies;

namespace CallResponse.Cases.Deadlines;

/// <summary>
/// The names of routing's areas by code, for the assignment an escalation names. A stored copy of the
/// whole tree refreshed in the background every <c>AreaNames:RefreshAfter</c> (5 minutes): asking routing
/// for the district each time fetched its 160 kB subtree per escalation, which an escalation storm (many
/// cases breaching at once) made costly, and a consumer never waits on routing.
/// </summary>
public sealed class AreaNames(ReferenceCopy<AreaNames.ByCode> copy)
{
    /// <summary>Every area's name, by its code.</summary>
    public sealed record ByCode(IReadOnlyDictionary<string, string> Names);

    public static WebApplicationBuilder Register(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AreaNames>();
        return builder.AddReferenceCopy("area-names", "AreaNames", TimeSpan.FromMinutes(5), FetchAsync);
    }

    private static async Task<ByCode> FetchAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var root = await services.GetDocumentAsync<AreaNode>(RoutingCheck.Client, "/api/areas", cancellationToken);
        var byCode = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<AreaNode>([root]);
        while (pending.TryPop(out var area))
        {
            byCode[area.Code] = area.Name;
            foreach (var child in area.Children ?? [])
            {
                pending.Push(child);
            }
        }

        return new ByCode(byCode);
    }

    /// <summary>The area's name, or null when there has been no copy yet or routing does not know the code.</summary>
    public string? NameOf(string code) => copy.Current?.Names.GetValueOrDefault(code);

    // Only what is read here; routing's areas carry their level too.
    private sealed record AreaNode(string Code, string Name, IReadOnlyList<AreaNode>? Children);
}
