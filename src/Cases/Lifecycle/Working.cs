namespace CallResponse.Cases.Lifecycle;

/// <summary>The work itself: progress notes (办理进展), asking a department to assist (协办), resolving (办结).</summary>
public static class Working
{
    public const int TextMaxLength = 2000;

    /// <param name="Note">What was done or found.</param>
    public sealed record ProgressRequest(string? Note);

    /// <param name="Department">The department asked to assist.</param>
    /// <param name="Note">What it is asked to do.</param>
    public sealed record AssistanceRequest(string? Department, string? Note);

    /// <param name="Summary">What was done to resolve it (required).</param>
    public sealed record ResolveRequest(string? Summary);

    public static IEndpointRouteBuilder MapWorking(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<ProgressRequest>(
            CaseCommandNames.Progress,
            "Note progress on the case (办理进展).",
            CaseAccess.IsResponsibleUnit,
            (context, request) => Task.FromResult(Text(request.Note, "note", out var note) ?? Decision.Of(new ProgressNoted(context.Case.Id, note, context.Now))));

        endpoints.MapCaseCommand<AssistanceRequest>(
            CaseCommandNames.RequestAssistance,
            "Ask another department to assist (协办).",
            CaseAccess.IsResponsibleUnit,
            (context, request) => Task.FromResult(
                Text(request.Department, "department", out var department, maxLength: 20)
                ?? Text(request.Note, "note", out var note)
                ?? context.Http.RequestServices.GetRequiredService<Departments>().Check([department], "department")
                ?? (context.Case.AssistingDepartments.Contains(department)
                    ? Decision.Field("department", $"该部门已在协办：{department} ({department} assists already).")
                    : Decision.Of(new AssistanceRequested(context.Case.Id, department, note, context.Now)))));

        endpoints.MapCaseCommand<ResolveRequest>(
            CaseCommandNames.Resolve,
            "Resolve the case (办结), saying what was done; the resident's feedback follows.",
            CaseAccess.IsResponsibleUnit,
            (context, request) => Task.FromResult(
                Text(request.Summary, "summary", out var summary) ?? Decision.Of(new CaseResolved(context.Case.Id, context.Case.Assignment!.UnitCode, summary, context.Now))));

        return endpoints;
    }

    /// <summary>A required text field, trimmed; or the field error.</summary>
    public static Decision? Text(string? value, string field, out string text, int maxLength = TextMaxLength)
    {
        text = value?.Trim() ?? string.Empty;
        return text.Length is 0 || text.Length > maxLength
            ? Decision.Field(field, $"必填，最多 {maxLength} 字 (required, at most {maxLength} characters).")
            : null;
    }
}
