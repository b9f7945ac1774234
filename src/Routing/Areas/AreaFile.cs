namespace CallResponse.Routing.Areas;

/// <summary>Loads and validates the area tree: a district at the root, each level one below its parent.</summary>
internal static class AreaFile
{
    public static AreaTree Load(string path)
    {
        var root = DataFile.Read<Area>(path);
        var errors = new DataErrors(path);
        if (root.Level != AreaLevels.District)
        {
            errors.Add("level", $"the root must be a {AreaLevels.District}, not '{root.Level}'");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        Validate(root, "$", codes, errors);
        errors.ThrowIfAny();
        return new AreaTree(root);
    }

    private static void Validate(Area area, string field, HashSet<string> codes, DataErrors errors)
    {
        if (string.IsNullOrWhiteSpace(area.Code) || string.IsNullOrWhiteSpace(area.Name))
        {
            errors.Add(field, "code and name are required");
        }

        if (!codes.Add(area.Code))
        {
            errors.Add($"{field}.code", $"'{area.Code}' appears twice");
        }

        var depth = Array.IndexOf(AreaLevels.TopDown, area.Level);
        if (depth < 0)
        {
            errors.Add($"{field}.level", $"'{area.Level}' is not one of {string.Join(", ", AreaLevels.TopDown)}");
            return;
        }

        for (var c = 0; c < area.Children.Count; c++)
        {
            var child = area.Children[c];
            var childField = $"{field}.children[{c}]";
            if (depth + 1 >= AreaLevels.TopDown.Length || child.Level != AreaLevels.TopDown[depth + 1])
            {
                errors.Add(
                    $"{childField}.level",
                    $"a {area.Level} may only contain "
                        + $"{(depth + 1 < AreaLevels.TopDown.Length ? AreaLevels.TopDown[depth + 1] + "s" : "nothing")}"
                        + $", not '{child.Level}'");
                continue;
            }

            Validate(child, childField, codes, errors);
        }
    }
}
