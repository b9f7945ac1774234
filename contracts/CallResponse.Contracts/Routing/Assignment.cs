namespace CallResponse.Contracts.Routing;

/// <summary>Who a case is assigned to: one responsible unit, plus assisting departments.</summary>
/// <param name="Level">
/// grid, community, street, department, or triage-desk (a street's desk for what no rule places).
/// </param>
/// <param name="UnitCode">The responsible unit's code (a grid, community or street code, or a department code).</param>
/// <param name="UnitName">The unit's display name, for people reading the history.</param>
/// <param name="AssistingDepartments">Department codes that assist the responsible unit.</param>
public sealed record Assignment(
    string Level,
    string UnitCode,
    string UnitName,
    IReadOnlyList<string> AssistingDepartments);
