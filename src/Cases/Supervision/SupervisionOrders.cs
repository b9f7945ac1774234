using CallResponse.Contracts.Sla;
using CallResponse.ServiceDefaults;

namespace CallResponse.Cases.Supervision;

/// <summary>
/// A supervision order (督办单) as the case keeps it: opened when the unit that holds the case let a
/// response or resolution deadline pass, addressed to the supervisors over that unit, and settled when
/// the unit does what was late or the case leaves it.
/// </summary>
/// <param name="OrderId">Stable for one breach (derived from the deadline): a redelivery names the same.</param>
/// <param name="DeadlineKind">The breached deadline's kind: <c>response</c> (认领) or <c>resolution</c> (办结).</param>
/// <param name="UnitCode">The unit pressed to act: the one that holds the case.</param>
/// <param name="DueAt">When the unit must have acted on the order (<c>Supervision:ReplyWithin</c> after it).</param>
/// <param name="State">
/// <c>open</c>, <c>met</c> (the unit did what was late) or <c>withdrawn</c> (the case left it).
/// </param>
public sealed record SupervisionOrder(
    Guid OrderId,
    string DeadlineKind,
    string UnitCode,
    string Reason,
    DateTimeOffset OrderedAt,
    DateTimeOffset DueAt,
    string State,
    DateTimeOffset? SettledAt);

/// <summary>The states of a <see cref="SupervisionOrder"/>, as the API spells them.</summary>
public static class SupervisionStates
{
    public const string Open = "open";
    public const string Met = "met";
    public const string Withdrawn = "withdrawn";
}

/// <summary>How a case's orders are settled by the steps that fold into it (see <c>Case.Apply</c>).</summary>
public static class SupervisionRules
{
    public static IEnumerable<SupervisionOrder> Open(this IEnumerable<SupervisionOrder> orders) =>
        orders.Where(order => order.State == SupervisionStates.Open);

    /// <summary>The unit did what was late: its open orders of <paramref name="kinds"/> are met.</summary>
    public static IReadOnlyList<SupervisionOrder> Met(
        this IReadOnlyList<SupervisionOrder> orders, DateTimeOffset at, params string[] kinds) =>
        Settle(orders, order => kinds.Contains(order.DeadlineKind), SupervisionStates.Met, at);

    /// <summary>
    /// The case left the unit (returned, reassigned, escalated, routed from a desk, merged, closed): whoever holds
    /// it next is answerable by its own deadlines, so the open orders no longer press anyone.
    /// </summary>
    public static IReadOnlyList<SupervisionOrder> Withdrawn(
        this IReadOnlyList<SupervisionOrder> orders, DateTimeOffset at) =>
        Settle(orders, _ => true, SupervisionStates.Withdrawn, at);

    private static IReadOnlyList<SupervisionOrder> Settle(
        IReadOnlyList<SupervisionOrder> orders, Func<SupervisionOrder, bool> which, string state, DateTimeOffset at) =>
        orders.Any(order => order.State == SupervisionStates.Open && which(order))
            ? orders.Select(order => order.State == SupervisionStates.Open && which(order)
                    ? order with { State = state, SettledAt = at }
                    : order)
                .ToList()
            : orders; // the common case: nothing open, nothing copied

    /// <summary>The order a breach opens: its id comes from the deadline's, so every delivery names it.</summary>
    public static SupervisionOrdered OrderFor(Case current, SlaBreached breached, TimeSpan replyWithin) => new(
        current.Id,
        DeterministicGuid.Create("supervision-order", breached.DeadlineId.ToString()),
        breached.Kind,
        current.Assignment!.UnitCode,
        breached.Kind == DeadlineKinds.Response ? "超时未认领，督促立即认领" : "超时未办结，督促加快办结",
        breached.BreachedAt + replyWithin,
        breached.BreachedAt);
}

/// <summary>Section <c>Supervision</c> of the cases service: how long a unit has to act on an order.</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>The most a reply may be given: beyond a month an order presses nobody.</summary>
    public static readonly TimeSpan MaxReplyWithin = TimeSpan.FromDays(30);

    /// <summary>
    /// From the breach to the order's due time, wall clock (a late unit is pressed at night and at weekends too).
    /// </summary>
    public TimeSpan ReplyWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Binds the section; start-up fails on a reply time not positive or over a month.</summary>
    public static void Register(WebApplicationBuilder builder) =>
        builder.Services.AddOptions<SupervisionOptions>()
            .BindConfiguration(Section)
            .Validate(
                options => options.ReplyWithin > TimeSpan.Zero && options.ReplyWithin <= MaxReplyWithin,
                $"{Section}:ReplyWithin must be more than zero and at most 30 days (e.g. 1.00:00:00 for 24 hours).")
            .ValidateOnStart();
}
