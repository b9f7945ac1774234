using CallResponse.Cases.Lifecycle;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 核减申请 / 申诉 (appeal): the unit holding the case asks that it be left out of its assessment, with a coded
/// reason and its evidence; a supervisor decides (<see cref="DecideAppeal"/>). An approved appeal takes the case out
/// of the unit's assessed measures; the case still shows in its raw counts, and the decision in the history.
/// </summary>
public static class Appeal
{
    /// <summary>The grounds a unit may appeal on (核减事由), with the words the workbench shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Grounds = new Dictionary<string, string>
    {
        ["unreasonable"] = "不合理诉求",
        ["duplicate"] = "重复诉求",
        ["beyond-duty"] = "超出职责范围",
        ["force-majeure"] = "不可抗力",
    };

    /// <param name="Ground">One of <see cref="Grounds"/>.</param>
    /// <param name="Evidence">What shows it (required): the facts, the documents seen, the photos attached.</param>
    public sealed record Request(string? Ground, string? Evidence);

    public static Decision Decide(CommandContext context, Request request)
    {
        if (request.Ground is not { } ground || !Grounds.ContainsKey(ground))
        {
            return Decision.Field(
                "ground",
                $"请选择核减事由 (one of: {string.Join(", ", Grounds.Select(known => $"{known.Key} {known.Value}"))}).");
        }

        return RequiredText.Check(request.Evidence, "evidence", out var evidence) ?? Decision.Of(new AppealFiled(
            context.Case.Id, context.Case.Assignment!.UnitCode, ground, evidence, context.Now));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request>(
        CaseCommandNames.Appeal,
        "Appeal the case's inclusion in the unit's assessment (核减申请): a ground (unreasonable, duplicate, "
        + "beyond-duty, force-majeure) and the evidence. The unit holding the case; a supervisor decides.",
        Decide);
}

/// <summary>
/// 核减审核 (decide an appeal): a supervisor over the place approves the appeal, and the case leaves the unit's
/// assessed measures, or rejects it; either way with a note, in the case's history.
/// </summary>
public static class DecideAppeal
{
    /// <param name="Note">Why (required: the unit reads it).</param>
    public sealed record Request(string? Note);

    public static Decision Approve(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note) ?? Decision.Of(new AppealApproved(
            context.Case.Id, context.Case.PendingAppeal!.UnitCode, note, context.Now));

    public static Decision Reject(CommandContext context, Request request) =>
        RequiredText.Check(request.Note, "note", out var note) ?? Decision.Of(new AppealRejected(
            context.Case.Id, context.Case.PendingAppeal!.UnitCode, note, context.Now));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCaseCommand<Request>(
            CaseCommandNames.ApproveAppeal,
            "Approve an appeal (同意核减): the case leaves the unit's assessed measures. Supervisors over the place.",
            Approve);
        endpoints.MapCaseCommand<Request>(
            CaseCommandNames.RejectAppeal,
            "Reject an appeal (驳回申诉): the case stays in the unit's assessment. Supervisors over the place.",
            Reject);
    }
}
