using CallResponse.Contracts.Routing;
using CallResponse.Routing.Areas;

namespace CallResponse.Routing.Rules;

/// <summary>Loads the routing rules and checks them against a catalogue and the area tree.</summary>
internal static class RoutingRulesFile
{
    public static readonly IReadOnlySet<string> TargetLevels = new HashSet<string>
    {
        AssignmentLevels.Grid,
        AssignmentLevels.Community,
        AssignmentLevels.Street,
        AssignmentLevels.Department,
        AssignmentLevels.TriageDesk,
    };

    public static RoutingRules Load(string path, Catalogue.Catalogue catalogue, AreaTree areas)
    {
        var rules = DataFile.Read<RoutingRules>(path);
        var errors = new DataErrors(path);
        Validate(rules, catalogue, areas, errors);
        errors.ThrowIfAny();
        return rules;
    }

    /// <summary>
    /// Every code a rule names exists, and no rule sends an item on the community negative list
    /// (禁止进入社区事项) to a community. Run again for each new catalogue version.
    /// </summary>
    public static void Validate(RoutingRules rules, Catalogue.Catalogue catalogue, AreaTree areas, DataErrors errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Rules.Count; r++)
        {
            var rule = rules.Rules[r];
            var field = $"rules[{r}]";
            if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
            {
                errors.Add($"{field}.id", $"'{rule.Id}' is empty or appears twice");
            }

            var when = rule.When;
            if (when.Item is not null && catalogue.FindItem(when.Item) is null)
            {
                errors.Add($"{field}.when.item", $"'{when.Item}' is not an item of catalogue {catalogue.Version}");
            }

            if (when.Category is not null && catalogue.Categories.All(category => category.Code != when.Category))
            {
                errors.Add(
                    $"{field}.when.category",
                    $"'{when.Category}' is not a category of catalogue {catalogue.Version}");
            }

            if (when.Area is not null
                && areas.Find(when.Area) is not { Level: AreaLevels.Street or AreaLevels.Community or AreaLevels.Grid })
            {
                errors.Add($"{field}.when.area", $"'{when.Area}' is not a street, community or grid of the area tree");
            }

            if (when.Urgency is not null && !Catalogue.CatalogueFile.Urgencies.Contains(when.Urgency))
            {
                errors.Add(
                    $"{field}.when.urgency",
                    $"'{when.Urgency}' is not one of {string.Join(", ", Catalogue.CatalogueFile.Urgencies)}");
            }

            if (when.Between is not null && when.Window is null)
            {
                errors.Add($"{field}.when.between", $"'{when.Between}' is not a window such as 22:00-07:00");
            }

            ValidateTarget(rule, field, catalogue, errors);
        }
    }

    private static void ValidateTarget(RoutingRule rule, string field, Catalogue.Catalogue catalogue, DataErrors errors)
    {
        var target = rule.Target;
        if (!TargetLevels.Contains(target.Level))
        {
            errors.Add($"{field}.target.level", $"'{target.Level}' is not one of {string.Join(", ", TargetLevels)}");
        }

        if (target.Unit is not null
            && (target.Level != AssignmentLevels.Department || catalogue.FindDepartment(target.Unit) is null))
        {
            errors.Add(
                $"{field}.target.unit",
                $"'{target.Unit}' must be a department code, and only with level department");
        }

        foreach (var assisting in (target.Assisting ?? []).Where(code => catalogue.FindDepartment(code) is null))
        {
            errors.Add($"{field}.target.assisting", $"unknown department '{assisting}'");
        }

        if (target.Level is AssignmentLevels.Community or AssignmentLevels.Grid)
        {
            var forbidden = catalogue.Categories
                .Where(category => rule.When.Category is null || category.Code == rule.When.Category)
                .SelectMany(category => category.Items)
                .Where(item => (rule.When.Item is null || item.Code == rule.When.Item)
                    && item.ForbiddenAt(target.Level))
                .Select(item => item.Code)
                .ToList();
            if (forbidden.Count > 0)
            {
                errors.Add(
                    $"{field}.target.level",
                    $"would send {string.Join(", ", forbidden)} to a {target.Level}, "
                        + $"but they are on the community negative list");
            }
        }
    }
}
