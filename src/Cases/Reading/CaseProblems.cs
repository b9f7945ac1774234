using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary>The problem responses that case endpoints share.</summary>
internal static class CaseProblems
{
    public static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such case.",
        detail: $"No case has the id {id}. A call logged a moment ago may still be on its way to the cases service.");
}
