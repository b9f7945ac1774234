namespace CallResponse.Cases.Lifecycle;

/// <summary>
/// The resident's feedback (回访) and closing (结案). Unsatisfied feedback reopens the case to the
/// unit that resolved it; a case is closed after satisfied feedback (or, by the SLA service, when
/// the feedback window lapses).
/// </summary>
public static class FeedbackAndClosing
{
    /// <param name="Satisfied">Whether the resident is satisfied (满意).</param>
    /// <param name="Comment">What the resident said, optional.</param>
    public sealed record FeedbackRequest(bool? Satisfied, string? Comment = null);

    /// <summary>Closing needs no body: send <c>{}</c>.</summary>
    public sealed record CloseRequest;

    public static IEndpointRouteBuilder MapFeedbackAndClosing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<FeedbackRequest>(
            CaseCommandNames.Feedback,
            "Record the resident's feedback (回访); unsatisfied reopens the case to the same unit.",
            CaseAccess.SpeaksForResident,
            (context, request) => Task.FromResult(Feedback(context, request)));

        endpoints.MapCaseCommand<CloseRequest>(
            CaseCommandNames.Close,
            "Close the case (结案) after the resident's feedback.",
            CaseAccess.SpeaksForResident,
            (context, _) => Task.FromResult(Decision.Of(new CaseClosed(context.Case.Id, "feedback", context.Case.Satisfied, context.Now))));

        return endpoints;
    }

    public static Decision Feedback(CommandContext context, FeedbackRequest request)
    {
        if (request.Satisfied is not { } satisfied)
        {
            return Decision.Field("satisfied", "请填写是否满意 (true or false is required).");
        }

        if (request.Comment?.Length > Working.TextMaxLength)
        {
            return Decision.Field("comment", $"最多 {Working.TextMaxLength} 字 (at most {Working.TextMaxLength} characters).");
        }

        var given = new FeedbackGiven(context.Case.Id, satisfied, request.Comment?.Trim(), context.Now);
        return satisfied
            ? Decision.Of(given)
            : Decision.Of(given, new CaseReopened(context.Case.Id, context.Case.Assignment!.UnitCode, context.Now));
    }
}
