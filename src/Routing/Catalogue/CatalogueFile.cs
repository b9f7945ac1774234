using System.Xml;
using CallResponse.Routing.Areas;

namespace CallResponse.Routing.Catalogue;

/// <summary>Loads and validates a catalogue file: every problem is reported with its field.</summary>
internal static class CatalogueFile
{
    public static readonly IReadOnlySet<string> Urgencies = new HashSet<string> { "urgent", "ordinary" };
    public static readonly IReadOnlySet<string> Clocks = new HashSet<string> { "24x7", "working" };
    public static readonly IReadOnlySet<string> HandlingLevels = new HashSet<string>
    {
        AreaLevels.Grid, AreaLevels.Community, AreaLevels.Street, "department",
    };

    public static Catalogue Load(string path)
    {
        var catalogue = DataFile.Read<Catalogue>(path);
        var errors = new DataErrors(path);
        Validate(catalogue, errors);
        errors.ThrowIfAny();
        return catalogue;
    }

    internal static void Validate(Catalogue catalogue, DataErrors errors)
    {
        if (string.IsNullOrWhiteSpace(catalogue.Version))
        {
            errors.Add("version", "is required");
        }

        var departments = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < catalogue.Departments.Count; d++)
        {
            if (!departments.Add(catalogue.Departments[d].Code))
            {
                errors.Add($"departments[{d}].code", $"'{catalogue.Departments[d].Code}' appears twice");
            }
        }

        var categories = new HashSet<string>(StringComparer.Ordinal);
        var items = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < catalogue.Categories.Count; c++)
        {
            var category = catalogue.Categories[c];
            if (!categories.Add(category.Code))
            {
                errors.Add($"categories[{c}].code", $"'{category.Code}' appears twice");
            }

            for (var i = 0; i < category.Items.Count; i++)
            {
                var item = category.Items[i];
                var field = $"categories[{c}].items[{i}]";
                if (!items.Add(item.Code))
                {
                    errors.Add($"{field}.code", $"'{item.Code}' appears twice");
                }

                if (!departments.Contains(item.LeadDepartment))
                {
                    errors.Add($"{field}.leadDepartment", $"unknown department '{item.LeadDepartment}'");
                }

                foreach (var assisting in item.AssistingDepartments.Where(code => !departments.Contains(code)))
                {
                    errors.Add($"{field}.assistingDepartments", $"unknown department '{assisting}'");
                }

                if (!Urgencies.Contains(item.Urgency))
                {
                    errors.Add($"{field}.urgency", $"'{item.Urgency}' is not one of {string.Join(", ", Urgencies)}");
                }

                if (!Clocks.Contains(item.Clock))
                {
                    errors.Add($"{field}.clock", $"'{item.Clock}' is not one of {string.Join(", ", Clocks)}");
                }

                if (!HandlingLevels.Contains(item.HandledAt))
                {
                    errors.Add(
                        $"{field}.handledAt",
                        $"'{item.HandledAt}' is not one of {string.Join(", ", HandlingLevels)}");
                }

                if (item.ForbiddenAt(item.HandledAt))
                {
                    errors.Add(
                        $"{field}.handledAt",
                        "the item is on the community negative list, so it cannot be handled by a community or a grid");
                }

                // Taking a case from its unit on a breach is for emergencies only; an ordinary item's late unit
                // is pressed by a supervision order and keeps the case (lifecycle.md).
                if (item.EscalateOnBreach && item.Urgency != "urgent")
                {
                    errors.Add(
                        $"{field}.escalateOnBreach",
                        "only an urgent item may escalate on a breach; an ordinary one is supervised where it is");
                }

                ValidateDuration(errors, $"{field}.responseTarget", item.ResponseTarget);
                ValidateDuration(errors, $"{field}.resolutionTarget", item.ResolutionTarget);
                if (item.ReturnWithin is { } returnWithin)
                {
                    ValidateDuration(errors, $"{field}.returnWithin", returnWithin);
                }
            }
        }
    }

    private static void ValidateDuration(DataErrors errors, string field, string value)
    {
        // Days, hours, minutes and whole seconds only: months and years have no fixed length on a clock.
        if (!System.Text.RegularExpressions.Regex.IsMatch(value, @"^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")
            || value is "P" or "PT"
            || value.EndsWith('T'))
        {
            errors.Add(
                field,
                $"'{value}' is not an ISO 8601 duration of days, hours, minutes or seconds such as PT30M or P2D");
            return;
        }

        try
        {
            if (XmlConvert.ToTimeSpan(value) <= TimeSpan.Zero)
            {
                errors.Add(field, "must be a positive duration");
            }
        }
        catch (FormatException)
        {
            errors.Add(field, $"'{value}' is not an ISO 8601 duration such as PT30M or P2D");
        }
    }
}
