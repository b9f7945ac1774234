using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// The case document as the measures' SQL names it, derived from the <see cref="Case"/> type itself: a
/// member renamed renames its SQL with it (or fails to compile), and <see cref="In"/> writes statuses by
/// their stored values. The document is <c>d</c>; Marten stores members by name (<c>d.data-&gt;&gt;'ClosedAt'</c>),
/// and a duplicated member as a column named in snake case (<c>d.place_street</c>).
/// </summary>
public static partial class CaseSql
{
    /// <summary>A member of the document as text: <c>d.data-&gt;'Assignment'-&gt;&gt;'Level'</c>.</summary>
    public static string Text<T>(Expression<Func<Case, T>> member)
    {
        var path = Path(member);
        return "d.data" + string.Concat(path.SkipLast(1).Select(name => $"->'{name}'")) + $"->>'{path[^1]}'";
    }

    /// <summary>A member of the document as JSON: <c>d.data-&gt;'Contributions'</c>.</summary>
    public static string Json<T>(Expression<Func<Case, T>> member) =>
        "d.data" + string.Concat(Path(member).Select(name => $"->'{name}'"));

    /// <summary>
    /// A member Marten keeps in a column of its own (see the duplicates in Program.cs): <c>d.place_street</c>.
    /// </summary>
    public static string Column<T>(Expression<Func<Case, T>> member) =>
        "d." + string.Join("_", Path(member).Select(name => SnakeBoundary().Replace(name, "_$1").ToLowerInvariant()));

    /// <summary>The statuses as the list their stored values make: <c>(4, 5)</c>.</summary>
    public static string In(params CaseStatus[] statuses) =>
        $"({string.Join(", ", statuses.Select(status => (int)status))})";

    private static List<string> Path(LambdaExpression member)
    {
        var names = new List<string>();
        var at = member.Body;
        while (true)
        {
            switch (at)
            {
                case UnaryExpression { NodeType: ExpressionType.Convert } converted:
                    at = converted.Operand;
                    continue;
                case MemberExpression access:
                    names.Insert(0, access.Member.Name);
                    at = access.Expression;
                    continue;
                case ParameterExpression:
                    return names.Count > 0 ? names : throw Unsupported(member);
                default:
                    throw Unsupported(member);
            }
        }
    }

    private static ArgumentException Unsupported(LambdaExpression member) =>
        new($"Only a chain of members of the case is supported, not {member}.", nameof(member));

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex SnakeBoundary();
}
