namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// 街道吹哨、部门报到: a street summons departments to a case; each must report within the time set,
/// which the SLA service tracks like a deadline.
/// </summary>
public static class Whistling
{
    public const int MaxReportWithinMinutes = 7 * 24 * 60;

    /// <param name="Departments">The departments summoned (codes).</param>
    /// <param name="ReportWithinMinutes">How long they have to report (1 minute to 7 days).</param>
    /// <param name="Reason">Why the street blows the whistle (required).</param>
    public sealed record WhistleRequest(IReadOnlyList<string>? Departments, int? ReportWithinMinutes, string? Reason);

    /// <summary>Reporting needs no body: send <c>{}</c>.</summary>
    public sealed record ReportRequest;

    public static IEndpointRouteBuilder MapWhistling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<WhistleRequest>(
            CaseCommandNames.Whistle,
            "Blow the whistle (街道吹哨): summon departments, who must report (报到) in time. Street dispatcher, supervisor.",
            CaseAccess.IsStreetDispatching,
            (context, request) => Task.FromResult(Whistle(context, request)));

        endpoints.MapCaseCommand<ReportRequest>(
            CaseCommandNames.Report,
            "Report to a whistle (部门报到): a summoned department's liaison.",
            (state, actor) => actor.Role == ServiceDefaults.Auth.Roles.Liaison && state.SummonedDepartments.Contains(actor.Unit),
            (context, _) => Task.FromResult(Decision.Of(new WhistleAnswered(context.Case.Id, context.Actor.Unit, context.Now))));

        return endpoints;
    }

    public static Decision Whistle(CommandContext context, WhistleRequest request)
    {
        var departments = (request.Departments ?? []).Select(code => code.Trim()).Where(code => code.Length > 0).Distinct().ToList();
        if (departments.Count == 0)
        {
            return Decision.Field("departments", "请至少选择一个部门 (name at least one department to summon).");
        }

        if (request.ReportWithinMinutes is not { } minutes || minutes < 1 || minutes > MaxReportWithinMinutes)
        {
            return Decision.Field("reportWithinMinutes", $"须在 1 至 {MaxReportWithinMinutes} 分钟之间 (between 1 and {MaxReportWithinMinutes} minutes).");
        }

        return Working.Text(request.Reason, "reason", out var reason)
            ?? context.Http.RequestServices.GetRequiredService<Departments>().Check(departments, "departments")
            ?? Decision.Of(new WhistleBlown(context.Case.Id, departments, context.Now.AddMinutes(minutes), reason, context.Now));
    }
}
