using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 街道吹哨 (whistle): a street summons departments to a case; each must report (报到) within the time set,
/// which the SLA service tracks like a deadline.
/// </summary>
public static class Whistle
{
    public const int MaxReportWithinMinutes = 7 * 24 * 60;

    /// <param name="Departments">The departments summoned (codes).</param>
    /// <param name="ReportWithinMinutes">How long they have to report (1 minute to 7 days).</param>
    /// <param name="Reason">Why the street blows the whistle (required).</param>
    public sealed record Request(IReadOnlyList<string>? Departments, int? ReportWithinMinutes, string? Reason);

    /// <param name="departments">The catalogue's departments as last fetched (null: routing never answered).</param>
    public static Decision Decide(CommandContext context, Request request, Departments.Codes? departments)
    {
        var summoned = (request.Departments ?? [])
            .Select(code => code.Trim()).Where(code => code.Length > 0).Distinct().ToList();
        if (summoned.Count == 0)
        {
            return Decision.Field("departments", "请至少选择一个部门 (name at least one department to summon).");
        }

        if (request.ReportWithinMinutes is not { } minutes || minutes < 1 || minutes > MaxReportWithinMinutes)
        {
            return Decision.Field(
                "reportWithinMinutes",
                $"须在 1 至 {MaxReportWithinMinutes} 分钟之间 (between 1 and {MaxReportWithinMinutes} minutes).");
        }

        return RequiredText.Check(request.Reason, "reason", out var reason)
            ?? Departments.Check(departments, summoned, "departments")
            ?? Decision.Of(new WhistleBlown(
                context.Case.Id, summoned, context.Now.AddMinutes(minutes), reason, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request, Departments.Codes?>(
        CaseCommandNames.Whistle,
        "Blow the whistle (街道吹哨): summon departments, who must report (报到) in time. "
        + "Street dispatcher, supervisor.",
        Departments.FetchFor,
        Decide);
}
