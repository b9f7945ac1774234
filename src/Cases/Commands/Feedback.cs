using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 回访 (feedback): the resident's verdict on the resolution, recorded by someone other than the units rated (a
/// feedback agent, 回访员, or the resident through a one-time link): satisfied, basically satisfied or not
/// (满意 / 基本满意 / 不满意), and separately whether the problem was solved (是否解决). Not satisfied reopens
/// the case to the unit that resolved it (重办).
/// </summary>
public static class Feedback
{
    /// <summary>The levels of satisfaction, with the words residents see.</summary>
    public static readonly IReadOnlyDictionary<string, string> Levels = new Dictionary<string, string>
    {
        [Satisfied] = "满意",
        [BasicallySatisfied] = "基本满意",
        [Dissatisfied] = "不满意",
    };

    public const string Satisfied = "satisfied";
    public const string BasicallySatisfied = "basically-satisfied";
    public const string Dissatisfied = "dissatisfied";

    /// <param name="Satisfaction">One of <see cref="Levels"/>.</param>
    /// <param name="Resolved">Whether the resident says the problem was solved (是否解决).</param>
    /// <param name="Comment">What the resident said, optional.</param>
    public sealed record Request(string? Satisfaction, bool? Resolved, string? Comment = null);

    /// <param name="source">Who recorded it: <c>agent</c> (a signed-in 回访员 or admin) or <c>resident-link</c>.</param>
    public static Decision Decide(CommandContext context, Request request, string source)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Satisfaction is not { } level || !Levels.ContainsKey(level))
        {
            errors["satisfaction"] = [$"请选择满意程度 (one of: {string.Join(", ", Levels.Keys)})."];
        }

        if (request.Resolved is null)
        {
            errors["resolved"] = ["请选择问题是否解决 (true or false is required)."];
        }

        if (request.Comment?.Length > RequiredText.MaxLength)
        {
            errors["comment"] = [$"最多 {RequiredText.MaxLength} 字 (at most {RequiredText.MaxLength} characters)."];
        }

        if (errors.Count > 0)
        {
            return new Decision.Invalid(errors);
        }

        var satisfied = request.Satisfaction != Dissatisfied;
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var given = new FeedbackGiven(
            context.Case.Id, satisfied, comment, context.Now, request.Satisfaction, request.Resolved, source);
        return satisfied
            ? Decision.Of(given)
            : Decision.Of(given, new CaseReopened(context.Case.Id, context.Case.Assignment!.UnitCode, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Feedback,
        "Record the resident's feedback (回访): satisfaction (satisfied, basically-satisfied, dissatisfied) and whether "
        + "the problem was solved; dissatisfied reopens the case to the same unit. Feedback agents (回访员) over the "
        + "case's place and admins: never the units rated.",
        (context, request) => Decide(context, request, "agent"));
}
