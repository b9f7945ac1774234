using System.Net.Http.Json;
using CallResponse.Cases.Lifecycle;
using CallResponse.ServiceDefaults.Http;

namespace CallResponse.Cases.Sla;

/// <summary>
/// The names of routing's areas by code, for the assignment an escalation names. A copy of the whole
/// tree refreshed every 5 minutes: asking routing for the district each time fetched its 160 kB
/// subtree per escalation, which an escalation storm (many cases breaching at once) made costly.
/// </summary>
public sealed class AreaNames
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(5);
    private readonly RefreshingCopy<IReadOnlyDictionary<string, string>> names;

    public AreaNames(IHttpClientFactory httpClients, TimeProvider clock) =>
        names = new RefreshingCopy<IReadOnlyDictionary<string, string>>(
            async cancellationToken =>
            {
                var root = await httpClients.CreateClient(RoutingCheck.Client).GetFromJsonAsync<AreaNode>("/api/areas", cancellationToken)
                    ?? throw new HttpRequestException("Routing answered an empty area tree.");
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

                return byCode;
            },
            () => RefreshAfter,
            clock);

    /// <summary>The area's name, or null when routing has never answered or does not know the code.</summary>
    public async Task<string?> NameOfAsync(string code, CancellationToken cancellationToken) =>
        (await names.GetAsync(cancellationToken))?.GetValueOrDefault(code);

    // Only what is read here; routing's areas carry their level too.
    private sealed record AreaNode(string Code, string Name, IReadOnlyList<AreaNode>? Children);
}
