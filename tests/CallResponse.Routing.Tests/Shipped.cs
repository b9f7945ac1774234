using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Deciding;
using CallResponse.Routing.Rules;

namespace CallResponse.Routing.Tests;

/// <summary>The data files shipped with the routing service, loaded as the service loads them.</summary>
internal static class Shipped
{
    public static readonly Catalogue.Catalogue Catalogue = CatalogueFile.Load(File("catalogue.json"));
    public static readonly AreaTree Areas = AreaFile.Load(File("areas.json"));
    public static readonly RoutingRules Rules = RoutingRulesFile.Load(File("routing-rules.json"), Catalogue, Areas);
    public static readonly RoutingBasis Basis = new(Catalogue, Areas, Rules);

    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>A time of day in China Standard Time on an ordinary day.</summary>
    public static DateTimeOffset At(int hour, int minute = 0) => new(2026, 11, 24, hour, minute, 0, TimeSpan.FromHours(8));
}
