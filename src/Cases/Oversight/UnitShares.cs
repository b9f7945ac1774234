using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// One unit's part in a case (承办): what happened while it held the case. The measures charge each unit for
/// its own part only (src/docs/measures.md, "Attribution"), so passing a case on (推诿) never improves the
/// rates of the unit that passed it, and never harms the next holder's.
/// </summary>
/// <param name="Dimension">department, street, community or grid.</param>
/// <param name="Unit">The unit's code.</param>
public sealed record UnitShare(string Dimension, string Unit)
{
    /// <summary>When the unit was first given the case.</summary>
    public DateTimeOffset AssignedAt { get; init; }

    /// <summary>Whether the unit holds the case now.</summary>
    public bool Holding { get; init; }

    /// <summary>When the unit first claimed the case (认领).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>A response deadline of the unit's was breached while it held the case.</summary>
    public bool ResponseBreached { get; init; }

    /// <summary>A resolution deadline of the unit's was breached while it held the case.</summary>
    public bool ResolutionBreached { get; init; }

    /// <summary>Supervision orders (督办单) opened on the unit's breaches while it held the case.</summary>
    public int SupervisionOrders { get; init; }

    /// <summary>How often supervisors urged the unit (催办) while it held the case.</summary>
    public int Urges { get; init; }

    /// <summary>How many approved pauses (挂起) the case had while the unit held it.</summary>
    public int Pauses { get; init; }

    /// <summary>An approved appeal (核减) took the case out of the unit's assessment.</summary>
    public bool Exempted { get; init; }

    /// <summary>How often the unit returned the case (退回).</summary>
    public int Returns { get; init; }

    /// <summary>How often the case left the unit one level up (上报), by hand or after a breach.</summary>
    public int Escalations { get; init; }

    /// <summary>
    /// A dispatcher took the case from the unit (改派) before any deadline of its own was breached: not the
    /// unit's doing, so it is not answerable for the case. Cleared if the case comes back.
    /// </summary>
    public bool Relieved { get; init; }

    /// <summary>When the unit's resolution (办结) that stands now was given; cleared by a reopening.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    public bool EverResolved { get; init; }

    public int Reopens { get; init; }

    /// <summary>
    /// The latest feedback (回访) on the unit's resolution: whether the resident was satisfied (满意 or 基本满意).
    /// </summary>
    public bool? Satisfied { get; init; }

    /// <summary>The latest feedback's 是否解决 on the unit's resolution.</summary>
    public bool? Solved { get; init; }
}

/// <summary>How the case's shares change as it moves: the rule of attribution, applied event by event.</summary>
public static class UnitShares
{
    /// <summary>Why the holding units left the case, and so what they are charged with.</summary>
    public enum Leaving
    {
        /// <summary>First routing: nobody held it.</summary>
        None,

        /// <summary>退回: charged to the unit that returned it.</summary>
        Returned,

        /// <summary>上报: charged to the unit it left.</summary>
        Escalated,

        /// <summary>改派 by a dispatcher: the unit is relieved, unless it had breached a deadline.</summary>
        Reassigned,
    }

    /// <summary>
    /// The units an assignment makes answerable: a department itself; an area unit and the areas above it up
    /// to its street (a street answers for its communities and grids). Triage desks and the district's
    /// supervision desk answer for nothing: they pass cases on.
    /// </summary>
    public static IReadOnlyList<(string Dimension, string Unit)> Answerable(Assignment? assignment, Place place) =>
        assignment?.Level switch
        {
            AssignmentLevels.Department => [("department", assignment.UnitCode)],
            AssignmentLevels.Grid =>
                [("grid", assignment.UnitCode), ("community", place.Community), ("street", place.Street)],
            AssignmentLevels.Community => [("community", assignment.UnitCode), ("street", place.Street)],
            AssignmentLevels.Street => [("street", assignment.UnitCode)],
            _ => [],
        };

    /// <summary>
    /// The case moves to <paramref name="next"/>: units that stop holding it are charged for how it left
    /// them; units that start (or start again) get a share; units above both (a street, when a grid's case goes
    /// to its community) keep holding.
    /// </summary>
    public static IReadOnlyList<UnitShare> Move(
        IReadOnlyList<UnitShare> shares, Assignment next, Place place, Leaving leaving, DateTimeOffset at)
    {
        var answerable = Answerable(next, place).Where(unit => !string.IsNullOrEmpty(unit.Unit)).ToList();
        var moved = shares.Select(share =>
        {
            var stays = answerable.Contains((share.Dimension, share.Unit));
            if (stays)
            {
                return share with { Holding = true, Relieved = false };
            }

            if (!share.Holding)
            {
                return share;
            }

            return leaving switch
            {
                Leaving.Returned => share with { Holding = false, Returns = share.Returns + 1 },
                Leaving.Escalated => share with { Holding = false, Escalations = share.Escalations + 1 },
                Leaving.Reassigned => share with
                {
                    Holding = false,
                    Relieved = !share.ResponseBreached && !share.ResolutionBreached,
                },
                _ => share with { Holding = false },
            };
        }).ToList();
        moved.AddRange(answerable
            .Where(unit => !shares.Any(share => share.Dimension == unit.Dimension && share.Unit == unit.Unit))
            .Select(unit => new UnitShare(unit.Dimension, unit.Unit) { AssignedAt = at, Holding = true }));
        return moved;
    }

    /// <summary>The holding units claimed the case.</summary>
    public static IReadOnlyList<UnitShare> Claim(IReadOnlyList<UnitShare> shares, DateTimeOffset at) =>
        Holders(shares, share => share with { ClaimedAt = share.ClaimedAt ?? at });

    /// <summary>A deadline of <paramref name="unitCode"/> was breached: see <see cref="ChargeTo"/>.</summary>
    public static IReadOnlyList<UnitShare> Breach(
        IReadOnlyList<UnitShare> shares, Assignment? holder, string kind, string unitCode) =>
        ChargeTo(shares, holder, unitCode, kind switch
        {
            Contracts.Sla.DeadlineKinds.Response => share => share with { ResponseBreached = true },
            Contracts.Sla.DeadlineKinds.Resolution => share => share with { ResolutionBreached = true },
            _ => share => share,
        });

    /// <summary>A supervision order (督办单) is charged as the breach it follows.</summary>
    public static IReadOnlyList<UnitShare> Supervise(
        IReadOnlyList<UnitShare> shares, Assignment? holder, string unitCode) =>
        ChargeTo(shares, holder, unitCode, share => share with { SupervisionOrders = share.SupervisionOrders + 1 });

    /// <summary>An approved appeal (核减) exempts the appealing unit's part, as a breach of it is charged.</summary>
    public static IReadOnlyList<UnitShare> Exempt(
        IReadOnlyList<UnitShare> shares, Assignment? holder, string unitCode) =>
        ChargeTo(shares, holder, unitCode, share => share with { Exempted = true });

    public static IReadOnlyList<UnitShare> Urge(IReadOnlyList<UnitShare> shares) =>
        Holders(shares, share => share with { Urges = share.Urges + 1 });

    /// <summary>A pause (挂起) counts for the units holding the case: they asked for it.</summary>
    public static IReadOnlyList<UnitShare> Pause(IReadOnlyList<UnitShare> shares) =>
        Holders(shares, share => share with { Pauses = share.Pauses + 1 });

    public static IReadOnlyList<UnitShare> Resolve(IReadOnlyList<UnitShare> shares, DateTimeOffset at) =>
        Holders(shares, share => share with { ResolvedAt = at, EverResolved = true });

    /// <summary>The resident's feedback is on the resolution of the units that gave it.</summary>
    public static IReadOnlyList<UnitShare> Feedback(IReadOnlyList<UnitShare> shares, bool satisfied, bool solved) =>
        Holders(shares, share =>
            share.ResolvedAt is null ? share : share with { Satisfied = satisfied, Solved = solved });

    /// <summary>The case goes back to the units whose resolution did not satisfy.</summary>
    public static IReadOnlyList<UnitShare> Reopen(IReadOnlyList<UnitShare> shares) =>
        Holders(shares, share => share.ResolvedAt is null
            ? share
            : share with { ResolvedAt = null, Reopens = share.Reopens + 1 });

    /// <summary>
    /// What concerns <paramref name="unitCode"/> is charged to the holding units if that unit still holds the
    /// case, else to that unit's own share (a breach that crossed a move in flight).
    /// </summary>
    private static IReadOnlyList<UnitShare> ChargeTo(
        IReadOnlyList<UnitShare> shares, Assignment? holder, string unitCode, Func<UnitShare, UnitShare> charge) =>
        holder?.UnitCode == unitCode
            ? Holders(shares, charge)
            : shares.Select(share => share.Unit == unitCode ? charge(share) : share).ToList();

    private static List<UnitShare> Holders(IReadOnlyList<UnitShare> shares, Func<UnitShare, UnitShare> change) =>
        shares.Select(share => share.Holding ? change(share) : share).ToList();
}
