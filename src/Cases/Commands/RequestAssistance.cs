using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>协办 (request assistance): the unit working on the case asks a department of the catalogue to help.</summary>
public static class RequestAssistance
{
    /// <param name="Department">The department asked to assist.</param>
    /// <param name="Note">What it is asked to do.</param>
    public sealed record Request(string? Department, string? Note);

    /// <param name="departments">The catalogue's departments as last fetched (null: routing never answered).</param>
    public static Decision Decide(CommandContext context, Request request, Departments.Codes? departments) =>
        RequiredText.Check(request.Department, "department", out var department, maxLength: 20)
        ?? RequiredText.Check(request.Note, "note", out var note)
        ?? Departments.Check(departments, [department], "department")
        ?? (context.Case.AssistingDepartments.Contains(department)
            ? Decision.Field("department", $"该部门已在协办：{department} ({department} assists already).")
            : Decision.Of(new AssistanceRequested(context.Case.Id, department, note, context.Now)));

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request, Departments.Codes?>(
        CaseCommandNames.RequestAssistance,
        "Ask another department to assist (协办).",
        Departments.FetchFor,
        Decide);
}
