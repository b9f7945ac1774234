using CallResponse.Contracts.Routing;
using CallResponse.Routing.Areas;
using CallResponse.Routing.Catalogue;

namespace CallResponse.Routing.Deciding;

/// <summary>The facts of a case that routing looks at.</summary>
public sealed record CaseFacts(string ItemCode, string GridCode);

/// <summary>Who responds, by which rule, and why, in words a dispatcher reads in the history.</summary>
public sealed record RoutingDecision(Assignment Assignment, string RuleId, string CatalogueVersion, string Reason);

/// <summary>
/// Routing as a pure function of (catalogue, area tree, case facts). The item's handling level places
/// the case: at the grid, its community, its street, or with the lead department. What cannot be
/// placed goes to the triage desk (分拨台) of the grid's street, with the reason.
/// </summary>
public static class Router
{
    public static RoutingDecision Decide(Catalogue.Catalogue catalogue, AreaTree areas, CaseFacts facts)
    {
        var grid = areas.Find(facts.GridCode);
        if (grid is null || grid.Level != AreaLevels.Grid)
        {
            return ToTriage(catalogue, areas.Root, "triage.unknown-place", $"网格 '{facts.GridCode}' 不在区域树中 (the place is not a grid of the area tree)");
        }

        var street = areas.Enclosing(grid.Code, AreaLevels.Street)!;
        var item = catalogue.FindItem(facts.ItemCode);
        if (item is null)
        {
            return ToTriage(catalogue, street, "triage.unknown-item", $"事项 '{facts.ItemCode}' 不在目录 {catalogue.Version} 中 (the item is not in the catalogue)");
        }

        return item.HandledAt switch
        {
            AreaLevels.Grid => ToArea(catalogue, item, grid, "level.grid", "网格可就地处置"),
            AreaLevels.Community when !item.CommunityForbidden =>
                ToArea(catalogue, item, areas.Enclosing(grid.Code, AreaLevels.Community)!, "level.community", "由社区响应"),
            AreaLevels.Street => ToArea(catalogue, item, street, "level.street", "由街道响应"),
            _ => ToLeadDepartment(catalogue, item),
        };
    }

    private static RoutingDecision ToArea(Catalogue.Catalogue catalogue, ResponseItem item, Area area, string ruleId, string reason) =>
        new(
            new Assignment(area.Level, area.Code, area.Name, item.AssistingDepartments),
            ruleId,
            catalogue.Version,
            $"{item.Name}: {reason} ({area.Name})");

    private static RoutingDecision ToLeadDepartment(Catalogue.Catalogue catalogue, ResponseItem item)
    {
        var lead = catalogue.FindDepartment(item.LeadDepartment)!;
        return new(
            new Assignment(AssignmentLevels.Department, lead.Code, lead.Name, item.AssistingDepartments),
            "level.department",
            catalogue.Version,
            $"{item.Name}: 由牵头部门{lead.Name}响应");
    }

    private static RoutingDecision ToTriage(Catalogue.Catalogue catalogue, Area desk, string ruleId, string reason) =>
        new(
            new Assignment(AssignmentLevels.TriageDesk, desk.Code, $"{desk.Name}分拨台", []),
            ruleId,
            catalogue.Version,
            reason);
}
