using System.Globalization;

namespace CallResponse.Routing.Rules;

/// <summary>
/// The district's routing rules (分拨规则), loaded from <c>Data/routing-rules.json</c>. A rule
/// overrides the item's handling level where its conditions hold; see <c>src/docs/catalogue.md</c>.
/// </summary>
public sealed record RoutingRules(string Version, IReadOnlyList<RoutingRule> Rules);

/// <summary>One rule: when its conditions all hold, the case goes to its target.</summary>
/// <param name="Id">Stable id, recorded in every decision the rule makes.</param>
/// <param name="Description">Why the rule exists, in words a dispatcher reads in the history.</param>
public sealed record RoutingRule(string Id, string Description, RuleCondition When, RuleTarget Target);

/// <summary>Conditions of a rule; a missing one matches anything.</summary>
/// <param name="Item">A response item code.</param>
/// <param name="Category">A category code (when no item is named).</param>
/// <param name="Area">A street, community or grid code: the case's grid must lie within it.</param>
/// <param name="Urgency"><c>urgent</c> or <c>ordinary</c>.</param>
/// <param name="Between">A daily window in China Standard Time, <c>HH:mm-HH:mm</c>; may wrap midnight.</param>
public sealed record RuleCondition(
    string? Item = null,
    string? Category = null,
    string? Area = null,
    string? Urgency = null,
    string? Between = null)
{
    /// <summary>The window as times of day, or null when the rule has none or it does not parse.</summary>
    public (TimeOnly From, TimeOnly To)? Window =>
        Between?.Split('-') is [var from, var to]
        && TimeOnly.TryParseExact(from, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
        && TimeOnly.TryParseExact(to, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? (start, end)
            : null;
}

/// <summary>Where a matching rule sends the case.</summary>
/// <param name="Level">
/// grid, community, street (those of the case's grid), department, or triage-desk (the grid's street's desk).
/// </param>
/// <param name="Unit">For a department: its code; the item's lead department when omitted.</param>
/// <param name="Assisting">Assisting departments; the item's when omitted.</param>
public sealed record RuleTarget(string Level, string? Unit = null, IReadOnlyList<string>? Assisting = null);
