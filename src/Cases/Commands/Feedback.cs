using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>回访 (feedback): the resident's answer; unsatisfied reopens the case to the unit that resolved it.</summary>
public static class Feedback
{
    /// <param name="Satisfied">Whether the resident is satisfied (满意).</param>
    /// <param name="Comment">What the resident said, optional.</param>
    public sealed record Request(bool? Satisfied, string? Comment = null);

    public static Decision Decide(CommandContext context, Request request)
    {
        if (request.Satisfied is not { } satisfied)
        {
            return Decision.Field("satisfied", "请填写是否满意 (true or false is required).");
        }

        if (request.Comment?.Length > RequiredText.MaxLength)
        {
            return Decision.Field(
                "comment", $"最多 {RequiredText.MaxLength} 字 (at most {RequiredText.MaxLength} characters).");
        }

        var given = new FeedbackGiven(context.Case.Id, satisfied, request.Comment?.Trim(), context.Now);
        return satisfied
            ? Decision.Of(given)
            : Decision.Of(given, new CaseReopened(context.Case.Id, context.Case.Assignment!.UnitCode, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Feedback,
        "Record the resident's feedback (回访); unsatisfied reopens the case to the same unit.",
        Decide);
}
