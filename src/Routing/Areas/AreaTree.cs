namespace CallResponse.Routing.Areas;

/// <summary>
/// The district's area tree: district → streets (街道) → communities (社区) → grids (网格) → buildings (楼宇).
/// Loaded from <c>Data/areas.json</c>.
/// </summary>
public sealed class AreaTree
{
    private readonly Dictionary<string, (Area Area, Area? Parent)> byCode = new(StringComparer.Ordinal);

    public AreaTree(Area root)
    {
        Root = root;
        Index(root, null);
    }

    public Area Root { get; }

    public Area? Find(string code) => byCode.TryGetValue(code, out var entry) ? entry.Area : null;

    /// <summary>Whether <paramref name="code"/> lies within (or is) the area <paramref name="ancestor"/>.</summary>
    public bool Contains(string ancestor, string code) => SelfAndAncestors(code).Any(area => area.Code == ancestor);

    /// <summary>The nearest enclosing area of the given level, or the area itself if it is of that level.</summary>
    public Area? Enclosing(string code, string level) =>
        SelfAndAncestors(code).FirstOrDefault(area => area.Level == level);

    private IEnumerable<Area> SelfAndAncestors(string code)
    {
        for (var current = byCode.GetValueOrDefault(code);
             current.Area is not null;
             current = current.Parent is null ? default : byCode[current.Parent.Code])
        {
            yield return current.Area;
        }
    }

    private void Index(Area area, Area? parent)
    {
        if (!byCode.TryAdd(area.Code, (area, parent)))
        {
            throw new InvalidDataException($"Area code '{area.Code}' appears twice in the area tree.");
        }

        foreach (var child in area.Children)
        {
            Index(child, area);
        }
    }
}

/// <summary>One area of the tree.</summary>
/// <param name="Level">district, street, community, grid or building (<see cref="AreaLevels"/>).</param>
public sealed record Area(string Code, string Name, string Level, IReadOnlyList<Area> Children);

/// <summary>The levels of the area tree, top down.</summary>
public static class AreaLevels
{
    public const string District = "district";
    public const string Street = "street";
    public const string Community = "community";
    public const string Grid = "grid";
    public const string Building = "building";

    public static readonly string[] TopDown = [District, Street, Community, Grid, Building];
}
