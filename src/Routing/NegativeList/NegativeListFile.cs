namespace CallResponse.Routing.NegativeList;

/// <summary>
/// The community negative list (禁止进入社区事项): matters that may never be pushed down onto a
/// community. Catalogue items carry the flag <c>communityForbidden</c>; this list is what dispatchers
/// and departments consult for everything else.
/// </summary>
public sealed record NegativeListDocument(string Version, IReadOnlyList<ForbiddenMatter> Matters);

/// <summary>One matter of the negative list, with the reason or legal basis.</summary>
public sealed record ForbiddenMatter(string Code, string Name, string Basis);

internal static class NegativeListFile
{
    public static NegativeListDocument Load(string path)
    {
        var list = DataFile.Read<NegativeListDocument>(path);
        var errors = new DataErrors(path);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < list.Matters.Count; m++)
        {
            if (!codes.Add(list.Matters[m].Code))
            {
                errors.Add($"matters[{m}].code", $"'{list.Matters[m].Code}' appears twice");
            }
        }

        errors.ThrowIfAny();
        return list;
    }
}
