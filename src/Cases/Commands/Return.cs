using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Clocks;
using Microsoft.Extensions.Options;

namespace CallResponse.Cases.Commands;

/// <summary>
/// 退回 (return): the assigned unit sends the case back as not theirs, with a coded reason and a note, before it
/// claims it and within the item's return window (退单时限) after dispatch. The case waits at its street's triage
/// desk, which accepts the return (routes it anew) or rejects it (<see cref="RejectReturn"/>). A case fixed to its
/// unit by a supervisor (定派, <see cref="FixAssignment"/>) can no longer be returned.
/// </summary>
public static class Return
{
    public const int NoteMaxLength = 500;

    /// <summary>After this many returns the desk no longer routes the case: a supervisor fixes it to a unit.</summary>
    public const int FixedAfterReturns = 2;

    /// <summary>The coded reasons a unit may give (退单理由), with the words the workbench shows.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["not-our-duty"] = "非本单位职责",
        ["address-unclear"] = "地址不详",
        ["duplicate"] = "重复诉求",
        ["request-unclear"] = "诉求不清",
        ["outside-district"] = "不属本区管辖",
    };

    /// <param name="ReasonCode">One of <see cref="Reasons"/>.</param>
    /// <param name="Reason">The unit's note: why the case is not theirs (required).</param>
    public sealed record Request(string? ReasonCode, string? Reason);

    /// <summary>Settings under <c>Returns</c>.</summary>
    public sealed class Options
    {
        public const string Section = "Returns";

        /// <summary>The window of a case whose targets name none (an item not in the catalogue).</summary>
        public string DefaultWindow { get; set; } = "PT4H";

        /// <summary>The clock of that default window.</summary>
        public string DefaultClock { get; set; } = SlaClock.Working;

        /// <summary>Multiplies the window: 1 in operation; tests shrink it, as the SLA's TargetScale.</summary>
        public double Scale { get; set; } = 1;
    }

    /// <param name="returnBy">When the unit's return window closes (<see cref="Window"/>).</param>
    public static Decision Decide(CommandContext context, Request request, DateTimeOffset returnBy)
    {
        if (context.Case.AssignmentFixed)
        {
            return new Decision.Refuse(
                StatusCodes.Status409Conflict,
                "定派案件不得退单 (the case was fixed to this unit).",
                "A supervisor fixed the case to the unit after repeated returns; nothing was changed.");
        }

        if (request.ReasonCode is not { } code || !Reasons.ContainsKey(code))
        {
            return Decision.Field(
                "reasonCode",
                $"请选择退单理由 (one of: {string.Join(", ", Reasons.Select(reason => $"{reason.Key} {reason.Value}"))}).");
        }

        if (RequiredText.Check(request.Reason, "reason", out var note, NoteMaxLength) is { } invalid)
        {
            return invalid;
        }

        if (context.Now > returnBy)
        {
            return new Decision.Refuse(
                StatusCodes.Status409Conflict,
                "退单时限已过 (the return window has closed).",
                $"A return was possible until {returnBy.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm} (China Standard "
                + "Time). Claim the case, ask for assistance (协办) or escalate it (上报); nothing was changed.");
        }

        var street = context.Case.Place.Street;
        var desk = new Assignment(AssignmentLevels.TriageDesk, street, $"{street} 分拨台", []);
        return Decision.Of(new CaseReturned(
            context.Case.Id, context.Case.Assignment!.UnitCode, note, desk, context.Now, code));
    }

    /// <summary>
    /// When the unit's return window closes: from when it was given the case, the item's <c>returnWithin</c> on
    /// the item's clock (working time for ordinary items), by the calendar the SLA's deadlines use.
    /// </summary>
    public sealed class Window(SlaClock clock, IOptions<Options> options)
    {
        public DateTimeOffset Closes(Case found)
        {
            var start = found.RoutedAt ?? found.LoggedAt;
            var (within, clockName) = found.Targets is { ReturnWithin: { } window } targets
                ? (window, targets.Clock)
                : (options.Value.DefaultWindow, options.Value.DefaultClock);
            DateTimeOffset due;
            try
            {
                due = clock.DueAt(start, within, clockName);
            }
            catch (YearNotCoveredException)
            {
                // No calendar for the year yet (the SLA warns of it): the window runs on the wall clock meanwhile.
                due = clock.DueAt(start, within, SlaClock.TwentyFourSeven);
            }

            return options.Value.Scale == 1 ? due : start + ((due - start) * Math.Max(options.Value.Scale, 0.0001));
        }

        public static Task<DateTimeOffset> FetchAsync(CommandContext context, Request request, HttpContext http) =>
            Task.FromResult(http.RequestServices.GetRequiredService<Window>().Closes(context.Case));
    }

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapCaseCommand<Request, DateTimeOffset>(
        CaseCommandNames.Return,
        "Return the case as not the unit's (退回) with a coded reason (GET /api/cases/codes) and a note, before "
        + "claiming it and within the item's return window; it waits at its street's triage desk for review.",
        Window.FetchAsync,
        Decide);
}
