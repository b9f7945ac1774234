using CallResponse.Routing.Areas;

namespace CallResponse.Routing.Catalogue;

/// <summary>
/// The response catalogue (呼应启动事项清单): categories of items, each obliging a lead department to
/// respond within its targets. Loaded from <c>Data/catalogue.json</c>; see <c>docs/catalogue.md</c>.
/// </summary>
public sealed record Catalogue(
    string Version,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Category> Categories)
{
    // DistinctBy: a file with duplicate codes must reach validation, which reports them by field.
    private readonly Dictionary<string, ResponseItem> itemsByCode = Categories
        .SelectMany(category => category.Items)
        .DistinctBy(item => item.Code)
        .ToDictionary(item => item.Code, StringComparer.Ordinal);

    private readonly Dictionary<string, Department> departmentsByCode = Departments
        .DistinctBy(department => department.Code)
        .ToDictionary(department => department.Code, StringComparer.Ordinal);

    public ResponseItem? FindItem(string code) => itemsByCode.GetValueOrDefault(code);

    public Department? FindDepartment(string code) => departmentsByCode.GetValueOrDefault(code);
}

/// <summary>A department (职能部门) that items oblige to respond, e.g. 城管 or 水务.</summary>
public sealed record Department(string Code, string Name);

/// <summary>One of the catalogue's categories (类别).</summary>
public sealed record Category(string Code, string Name, IReadOnlyList<ResponseItem> Items);

/// <summary>A response item (呼应启动事项): once called, its lead department must respond.</summary>
/// <param name="Code">Stable English code, e.g. <c>ENV-01</c>.</param>
/// <param name="Name">Chinese name shown to grid workers.</param>
/// <param name="Description">What the item covers, with examples a grid worker recognises.</param>
/// <param name="LeadDepartment">Code of the department that leads the response.</param>
/// <param name="AssistingDepartments">Codes of departments that assist.</param>
/// <param name="Urgency"><c>urgent</c> (24×7 clock in minutes) or <c>ordinary</c> (working time).</param>
/// <param name="ResponseTarget">Time to claim, ISO 8601 duration on <paramref name="Clock"/>.</param>
/// <param name="ResolutionTarget">Time to resolve, ISO 8601 duration on <paramref name="Clock"/>.</param>
/// <param name="Clock"><c>24x7</c> or <c>working</c>.</param>
/// <param name="HandledAt">The lowest level that handles it: grid, community, street or department.</param>
/// <param name="CommunityForbidden">
/// On the negative list (禁止进入社区事项): never assigned to a community, nor to a grid within one (see
/// <see cref="ForbiddenAt"/>).
/// </param>
/// <param name="EscalateOnBreach">
/// A breach still late escalates the case one level up (超时自动上报) instead of opening a supervision order
/// (督办单) for its unit: for urgent safety items the district must take over. Optional in the file (false).
/// </param>
/// <param name="ReturnWithin">
/// How long after dispatch a unit may return a case of the item (退单时限), ISO 8601 on <paramref name="Clock"/>;
/// absent: the response target (a unit returns a case before it must claim it).
/// </param>
public sealed record ResponseItem(
    string Code,
    string Name,
    string Description,
    string LeadDepartment,
    IReadOnlyList<string> AssistingDepartments,
    string Urgency,
    string ResponseTarget,
    string ResolutionTarget,
    string Clock,
    string HandledAt,
    bool CommunityForbidden,
    bool EscalateOnBreach = false,
    string? ReturnWithin = null)
{
    /// <summary>
    /// The one statement of the negative list: an item on it never goes to a community or to a grid, which is the
    /// community's own network of grid workers (a grid cannot be handed law enforcement either).
    /// </summary>
    public bool ForbiddenAt(string level) => CommunityForbidden && level is AreaLevels.Community or AreaLevels.Grid;
}
