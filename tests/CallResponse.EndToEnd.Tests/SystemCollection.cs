using CallResponse.Testing;

// Each system is four processes; on a two-core machine they are started one collection at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CallResponse.EndToEnd.Tests;

/// <summary>Tests that share one running system; each uses its own ids, so order does not matter.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "running system";
}

/// <summary>Calls the tests log; codes from the shipped catalogue and area tree.</summary>
internal static class Calls
{
    public const string Grid = "LW-HL-01-G01";

    public static object Valid(
        string itemCode = "CITY-01",
        string description = "小区门口垃圾堆积三天无人清运",
        object? resident = null,
        DateTimeOffset? reportedAt = null) => new
    {
        itemCode,
        gridCode = Grid,
        description,
        channel = "walk-in",
        resident,
        reportedAt,
    };

    /// <summary>The last 10:00 in China Standard Time: a daytime moment, so night rules never apply by chance.</summary>
    public static DateTimeOffset LastMorning()
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var today = new DateTimeOffset(now.Date.AddHours(10), now.Offset);
        return today <= now ? today : today.AddDays(-1);
    }
}
