using CallResponse.Contracts.Routing;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;
using CallResponse.Routing.Rules;
using CallResponse.ServiceDefaults;

namespace CallResponse.Routing.Deciding;

/// <summary>
/// Everything a decision depends on, as one immutable value: one catalogue version, the tree, the rules.
/// </summary>
public sealed record RoutingBasis(Catalogue.Catalogue Catalogue, AreaTree Areas, RoutingRules Rules);

/// <summary>The facts of a case that routing looks at.</summary>
/// <param name="ReportedAt">When the resident called: rules may hold only at certain hours.</param>
public sealed record CaseFacts(string ItemCode, string GridCode, DateTimeOffset ReportedAt);

/// <summary>Who responds, by which rule, and why, in words a dispatcher reads in the history.</summary>
/// <param name="CategoryCode">The item's category, when the item is in the catalogue.</param>
/// <param name="Urgency">The item's urgency, when the item is in the catalogue.</param>
/// <param name="Targets">The item's time limits, when the item is in the catalogue.</param>
public sealed record RoutingDecision(
    Assignment Assignment,
    string RuleId,
    string CatalogueVersion,
    string Reason,
    string? CategoryCode = null,
    string? Urgency = null,
    ResponseTargets? Targets = null);

/// <summary>
/// Routing as a pure function of (catalogue version, area tree, rules, case facts).
/// <list type="number">
/// <item>A place that is not a grid of the tree goes to the district's triage desk (分拨台).</item>
/// <item>An item not in the catalogue goes to the triage desk of the grid's street.</item>
/// <item>Otherwise the most specific matching rule decides (<see cref="RulePrecedence"/>).</item>
/// <item>With no matching rule, the item's handling level does: its grid, community, street, or lead department.</item>
/// </list>
/// An item on the community negative list never reaches a community or a grid: rules that would do so are
/// refused when loaded, and the handling-level default sends such an item to its lead department.
/// An item handled by an area keeps its lead department informed: the department assists (协办), so it sees
/// the case, without being answerable for it.
/// </summary>
public static class Router
{
    public static RoutingDecision Decide(RoutingBasis basis, CaseFacts facts)
    {
        var (catalogue, areas, rules) = basis;
        var grid = areas.Find(facts.GridCode);
        if (grid is not { Level: AreaLevels.Grid })
        {
            return ToTriage(
                catalogue,
                areas.Root,
                "triage.unknown-place",
                $"网格 '{facts.GridCode}' 不在区域树中 (the place is not a grid of the area tree)");
        }

        var street = areas.Enclosing(grid.Code, AreaLevels.Street)!;
        var item = catalogue.FindItem(facts.ItemCode);
        if (item is null)
        {
            return ToTriage(
                catalogue,
                street,
                "triage.unknown-item",
                $"事项 '{facts.ItemCode}' 不在目录 {catalogue.Version} 中 (the item is not in the catalogue)");
        }

        var category = catalogue.Categories.First(candidate => candidate.Items.Contains(item));
        var timeOfDay = TimeOnly.FromDateTime(facts.ReportedAt.ToOffset(ChinaTime.Offset).DateTime);
        var rule = rules.Rules
            .Select((candidate, order) => (candidate, order))
            .Where(entry => Matches(entry.candidate.When, item, category, grid, areas, timeOfDay))
            .OrderByDescending(entry => RulePrecedence.Of(entry.candidate.When, areas))
            .ThenBy(entry => entry.order)
            .Select(entry => entry.candidate)
            .FirstOrDefault();

        var decision = rule is null
            ? ByHandlingLevel(catalogue, areas, item, grid)
            : ByRule(catalogue, areas, item, grid, rule);
        return decision with
        {
            CategoryCode = category.Code,
            Urgency = item.Urgency,
            Targets = new ResponseTargets(
                item.ResponseTarget,
                item.ResolutionTarget,
                item.Clock,
                item.EscalateOnBreach,
                item.ReturnWithin ?? item.ResponseTarget),
        };
    }

    private static bool Matches(
        RuleCondition when,
        ResponseItem item,
        Category category,
        Area grid,
        AreaTree areas,
        TimeOnly timeOfDay) =>
        (when.Item is null || when.Item == item.Code)
        && (when.Category is null || when.Category == category.Code)
        && (when.Urgency is null || when.Urgency == item.Urgency)
        && (when.Area is null || areas.Contains(when.Area, grid.Code))
        && (when.Window is not { } window || (window.From <= window.To
            ? timeOfDay >= window.From && timeOfDay < window.To
            : timeOfDay >= window.From || timeOfDay < window.To));

    private static RoutingDecision ByHandlingLevel(
        Catalogue.Catalogue catalogue,
        AreaTree areas,
        ResponseItem item,
        Area grid) => item.HandledAt switch
    {
        AreaLevels.Grid when !item.ForbiddenAt(AreaLevels.Grid) =>
            ToArea(catalogue, item, grid, "level.grid", "网格可就地处置", item.AssistingDepartments),
        AreaLevels.Community when !item.ForbiddenAt(AreaLevels.Community) => ToArea(
            catalogue,
            item,
            areas.Enclosing(grid.Code, AreaLevels.Community)!,
            "level.community",
            "由社区响应",
            item.AssistingDepartments),
        AreaLevels.Street => ToArea(
            catalogue,
            item,
            areas.Enclosing(grid.Code, AreaLevels.Street)!,
            "level.street",
            "由街道响应",
            item.AssistingDepartments),
        _ => ToDepartment(
            catalogue,
            item,
            item.LeadDepartment,
            "level.department",
            item.AssistingDepartments,
            "由牵头部门响应"),
    };

    private static RoutingDecision ByRule(
        Catalogue.Catalogue catalogue,
        AreaTree areas,
        ResponseItem item,
        Area grid,
        RoutingRule rule)
    {
        var assisting = rule.Target.Assisting ?? item.AssistingDepartments;
        var ruleId = $"rule.{rule.Id}";
        return rule.Target.Level switch
        {
            AssignmentLevels.Grid => ToArea(catalogue, item, grid, ruleId, rule.Description, assisting),
            AssignmentLevels.Community => ToArea(
                catalogue,
                item,
                areas.Enclosing(grid.Code, AreaLevels.Community)!,
                ruleId,
                rule.Description,
                assisting),
            AssignmentLevels.Street => ToArea(
                catalogue,
                item,
                areas.Enclosing(grid.Code, AreaLevels.Street)!,
                ruleId,
                rule.Description,
                assisting),
            AssignmentLevels.TriageDesk => ToTriage(
                catalogue,
                areas.Enclosing(grid.Code, AreaLevels.Street)!,
                ruleId,
                $"{item.Name}: {rule.Description}"),
            _ => ToDepartment(
                catalogue,
                item,
                rule.Target.Unit ?? item.LeadDepartment,
                ruleId,
                assisting,
                rule.Description),
        };
    }

    /// <summary>An area responds; the item's lead department assists, so it is never out of sight.</summary>
    private static RoutingDecision ToArea(
        Catalogue.Catalogue catalogue,
        ResponseItem item,
        Area area,
        string ruleId,
        string reason,
        IReadOnlyList<string> assisting) =>
        new(
            new Assignment(
                area.Level, area.Code, area.Name, [.. assisting.Append(item.LeadDepartment).Distinct()]),
            ruleId,
            catalogue.Version,
            $"{item.Name}: {reason} ({area.Name})，牵头部门 {item.LeadDepartment} 协办知悉");

    private static RoutingDecision ToDepartment(
        Catalogue.Catalogue catalogue,
        ResponseItem item,
        string departmentCode,
        string ruleId,
        IReadOnlyList<string> assisting,
        string reason)
    {
        var department = catalogue.FindDepartment(departmentCode)!;
        return new(
            new Assignment(AssignmentLevels.Department, department.Code, department.Name, assisting),
            ruleId,
            catalogue.Version,
            $"{item.Name}: {reason} ({department.Name})");
    }

    internal static RoutingDecision ToTriage(Catalogue.Catalogue catalogue, Area desk, string ruleId, string reason) =>
        new(
            new Assignment(AssignmentLevels.TriageDesk, desk.Code, $"{desk.Name}分拨台", []),
            ruleId,
            catalogue.Version,
            reason);
}

/// <summary>
/// Which of several matching rules wins, compared in this order: a rule naming the item beats one
/// naming its category, which beats one naming neither; then the smaller area (grid, community,
/// street, none); then a rule naming the urgency; then one with a time window; then the rule that
/// comes first in the file.
/// </summary>
public static class RulePrecedence
{
    public static (int Subject, int Area, int Urgency, int Window) Of(RuleCondition when, AreaTree areas) =>
        (
            when.Item is not null ? 2 : when.Category is not null ? 1 : 0,
            when.Area is null ? 0 : Array.IndexOf(AreaLevels.TopDown, areas.Find(when.Area)!.Level),
            when.Urgency is null ? 0 : 1,
            when.Between is null ? 0 : 1);
}
