using CallResponse.Contracts.Routing;
using CallResponse.Routing.Areas;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Routing.Deciding;

/// <summary>
/// <c>POST /api/routing/manual-decisions</c>: checks a dispatcher's hand-routing (人工派单) against
/// the current catalogue, the area tree and the community negative list, and answers the decision to
/// record. It stores nothing: the cases service records the decision in the case's history.
/// </summary>
public static class DecideByHand
{
    public const string RuleId = "manual";
    public const int ReasonMaxLength = 500;

    /// <param name="ItemCode">The case's item.</param>
    /// <param name="GridCode">The case's grid: community and street targets are the ones it lies in.</param>
    /// <param name="Level">grid, community, street, district (those of the case's grid), or department.</param>
    /// <param name="Department">The department's code, with level department.</param>
    /// <param name="Assisting">Assisting departments, if any.</param>
    /// <param name="Reason">Why the dispatcher routes it so (required).</param>
    public sealed record ManualRouting(
        string? ItemCode,
        string? GridCode,
        string? Level,
        string? Department = null,
        IReadOnlyList<string>? Assisting = null,
        string? Reason = null);

    public static IEndpointRouteBuilder MapDecideByHand(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/routing/manual-decisions", (ManualRouting request, ReferenceData data) =>
                Decide(data.Current, request) switch
                {
                    ({ } decision, _) =>
                        (Results<Ok<RoutingDecision>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(decision),
                    (_, { } forbidden) => TypedResults.Problem(
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "The item is on the community negative list.",
                        detail: forbidden),
                    _ => ProblemResponses.Invalid(Validate(data.Current, request)),
                })
            .WithName("DecideByHand")
            .WithTags("Routing")
            .WithSummary("Check a dispatcher's hand-routing and answer the decision to record (stores nothing).")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    /// <summary>
    /// The decision, or why not: a negative-list refusal, or (both null) field errors from <see cref="Validate"/>.
    /// </summary>
    public static (RoutingDecision? Decision, string? Forbidden) Decide(RoutingBasis basis, ManualRouting request)
    {
        if (Validate(basis, request).Count > 0)
        {
            return (null, null);
        }

        var (catalogue, areas, _) = basis;
        var item = catalogue.FindItem(request.ItemCode!);
        if (item is not null && item.ForbiddenAt(request.Level!))
        {
            return (null, $"{item.Name} ({item.Code}) 属于禁止进入社区事项，不能派给社区或网格 "
                + "(it may not be assigned to a community or a grid).");
        }

        var assisting = request.Assisting ?? [];
        var reason = request.Reason!.Trim();
        if (request.Level == AssignmentLevels.Department)
        {
            var department = catalogue.FindDepartment(request.Department!)!;
            return (new RoutingDecision(
                new Assignment(AssignmentLevels.Department, department.Code, department.Name, assisting),
                RuleId,
                catalogue.Version,
                reason), null);
        }

        var area = areas.Enclosing(request.GridCode!, request.Level!)!;
        return (new RoutingDecision(
            new Assignment(area.Level, area.Code, area.Name, assisting),
            RuleId,
            catalogue.Version,
            reason), null);
    }

    public static Dictionary<string, string[]> Validate(RoutingBasis basis, ManualRouting request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ItemCode))
        {
            errors["itemCode"] = ["The case's item is required."];
        }

        if (request.GridCode is null || basis.Areas.Find(request.GridCode) is not { Level: AreaLevels.Grid })
        {
            errors["gridCode"] = [$"'{request.GridCode}' is not a grid of the area tree."];
        }

        if (request.Level is not (AssignmentLevels.Grid or AssignmentLevels.Community or AssignmentLevels.Street
            or AreaLevels.District or AssignmentLevels.Department))
        {
            errors["level"] = ["One of grid, community, street, district, department."];
        }
        else if (request.Level == AssignmentLevels.Department
            && (request.Department is null || basis.Catalogue.FindDepartment(request.Department) is null))
        {
            errors["department"] =
                [$"'{request.Department}' is not a department of catalogue {basis.Catalogue.Version}."];
        }
        else if (request.Level != AssignmentLevels.Department && request.Department is not null)
        {
            errors["department"] = ["Name a department only with level department."];
        }

        var unknown = (request.Assisting ?? []).Where(code => basis.Catalogue.FindDepartment(code) is null).ToList();
        if (unknown.Count > 0)
        {
            errors["assisting"] = [$"Unknown departments: {string.Join(", ", unknown)}."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > ReasonMaxLength)
        {
            errors["reason"] = [$"请说明理由 (a reason of 1 to {ReasonMaxLength} characters is required)."];
        }

        return errors;
    }
}
