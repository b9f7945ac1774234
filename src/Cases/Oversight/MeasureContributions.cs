namespace CallResponse.Cases.Oversight;

/// <summary>
/// What one case counts for, unit by unit: the formulas of src/docs/measures.md, stated once, here. Each
/// unit that held the case is charged for its own part (<see cref="UnitShare"/>); the district, the item and
/// the category count the case as a whole. The case document carries its contributions, and the measure
/// totals (<see cref="MeasureTotals"/>) only add them up.
/// </summary>
/// <param name="Dimension">department, street, community, grid, district, item or category.</param>
/// <param name="Street">The street the case lies in, so a street's supervisors see its rows ("" if none).</param>
/// <param name="Counts">0 or 1 for each of <see cref="MeasureContributions.Counters"/>, in that order.</param>
/// <param name="ClaimBucket">The time to claim, as a <see cref="DurationHistogram"/> bucket.</param>
/// <param name="CloseBucket">The time to close, as a <see cref="DurationHistogram"/> bucket.</param>
public sealed record MeasureContribution(
    string Dimension,
    string Unit,
    string Street,
    IReadOnlyList<int> Counts,
    int? ClaimBucket,
    int? CloseBucket);

public static class MeasureContributions
{
    /// <summary>The 0/1 counts of a contribution; <c>logged</c> is 1 for every one and needs no count.</summary>
    public static readonly string[] Counters =
    [
        "assigned", "responded", "responded_on_time", "resolved", "resolved_on_time", "with_feedback", "satisfied",
        "returned", "escalated", "relieved", "ever_resolved", "reopened", "open", "overdue", "supervised", "urged",
        "solved", "unreviewed", "exempted", "paused",
    ];

    /// <summary>The dimensions that count a case as a whole; the others count units' shares.</summary>
    public static readonly IReadOnlyList<string> WholeCase = ["district", "item", "category"];

    private static readonly CaseStatus[] Ended = [CaseStatus.Resolved, CaseStatus.Closed];

    private static readonly CaseStatus[] Unended =
        [CaseStatus.Open, CaseStatus.Routed, CaseStatus.Claimed, CaseStatus.InProgress];

    /// <summary>The case's contributions: one per unit share, and the case as a whole for the district, item
    /// and category.</summary>
    public static IReadOnlyList<MeasureContribution> Of(Case found)
    {
        var street = found.Place.Street;
        var whole = Whole(found);
        var contributions = new List<MeasureContribution>
        {
            new("district", found.Place.District, street, whole.Counts, whole.ClaimBucket, whole.CloseBucket),
            new("item", found.ItemCode, street, whole.Counts, whole.ClaimBucket, whole.CloseBucket),
        };
        if (found.CategoryCode is { } category)
        {
            contributions.Add(new("category", category, street, whole.Counts, whole.ClaimBucket, whole.CloseBucket));
        }

        contributions.AddRange(found.Shares.Select(share => OfShare(found, share)));
        return contributions;
    }

    /// <summary>The case as a whole: claimed by anyone, resolved now, breached anywhere.</summary>
    private static (IReadOnlyList<int> Counts, int? ClaimBucket, int? CloseBucket) Whole(Case found)
    {
        var counted = found.Status != CaseStatus.Merged;
        var assigned = counted && found.FirstRoutedAt is not null;
        var responded = assigned && found.FirstClaimedAt is not null;
        var resolved = Ended.Contains(found.Status);
        var open = Unended.Contains(found.Status);
        var counts = Counted(new Dictionary<string, bool>
        {
            ["assigned"] = assigned,
            ["responded"] = responded,
            ["responded_on_time"] = responded && !found.ResponseBreached,
            ["resolved"] = resolved,
            ["resolved_on_time"] = resolved && !found.ResolutionBreached,
            ["with_feedback"] = found.LastFeedbackSatisfied is not null,
            ["satisfied"] = found.LastFeedbackSatisfied == true,
            ["returned"] = assigned && found.ReturnCount > 0,
            ["escalated"] = assigned && found.EscalationCount > 0,
            ["relieved"] = false,
            ["ever_resolved"] = resolved || found.ReopenCount > 0,
            ["reopened"] = found.ReopenCount > 0,
            ["open"] = open,
            ["overdue"] = open && (found.ResponseBreached || found.ResolutionBreached),
            ["supervised"] = assigned && found.SupervisionOrderCount > 0,
            ["urged"] = assigned && found.UrgeCount > 0,
            ["solved"] = found.LastFeedbackSolved == true,
            ["unreviewed"] = found.Status == CaseStatus.Closed && found.LastFeedbackSatisfied is null,
            ["exempted"] = false,
            ["paused"] = assigned && found.PauseCount > 0,
        });
        return (
            counts,
            responded ? Bucket(found.FirstClaimedAt!.Value - found.FirstRoutedAt!.Value) : null,
            found.Status == CaseStatus.Closed ? Bucket(found.ClosedAt!.Value - found.LoggedAt) : null);
    }

    /// <summary>
    /// A unit's part: answerable unless relieved by a dispatcher; its claim, its breaches, how it passed the case
    /// on, its resolution if that stands now, and the feedback on it.
    /// </summary>
    private static MeasureContribution OfShare(Case found, UnitShare share)
    {
        // An exempted part (核减) counts in logged and exempted alone: visible, never assessed.
        var assigned = found.Status != CaseStatus.Merged && !share.Relieved && !share.Exempted;
        var responded = assigned && share.ClaimedAt is not null;
        var resolved = assigned && share.ResolvedAt is not null && Ended.Contains(found.Status);
        var open = !share.Exempted && share.Holding && Unended.Contains(found.Status);
        var counts = Counted(new Dictionary<string, bool>
        {
            ["assigned"] = assigned,
            ["responded"] = responded,
            ["responded_on_time"] = responded && !share.ResponseBreached,
            ["resolved"] = resolved,
            ["resolved_on_time"] = resolved && !share.ResolutionBreached,
            ["with_feedback"] = assigned && share.Satisfied is not null,
            ["satisfied"] = assigned && share.Satisfied == true,
            ["returned"] = assigned && share.Returns > 0,
            ["escalated"] = assigned && share.Escalations > 0,
            ["relieved"] = found.Status != CaseStatus.Merged && share.Relieved,
            ["ever_resolved"] = assigned && share.EverResolved,
            ["reopened"] = assigned && share.Reopens > 0,
            ["open"] = open,
            ["overdue"] = open && (share.ResponseBreached || share.ResolutionBreached),
            ["supervised"] = assigned && share.SupervisionOrders > 0,
            ["urged"] = assigned && share.Urges > 0,
            ["solved"] = assigned && share.Solved == true,
            ["unreviewed"] = resolved && found.Status == CaseStatus.Closed && share.Satisfied is null,
            ["exempted"] = found.Status != CaseStatus.Merged && share.Exempted,
            // A pause (挂起) counts for the units that held the case when it was approved: theirs was the request.
            ["paused"] = assigned && share.Pauses > 0,
        });
        return new MeasureContribution(
            share.Dimension,
            share.Unit,
            found.Place.Street,
            counts,
            responded ? Bucket(share.ClaimedAt!.Value - share.AssignedAt) : null,
            resolved && found.Status == CaseStatus.Closed ? Bucket(found.ClosedAt!.Value - share.AssignedAt) : null);
    }

    private static int[] Counted(Dictionary<string, bool> counts) =>
        Counters.Select(counter => counts[counter] ? 1 : 0).ToArray();

    private static int Bucket(TimeSpan duration) => DurationHistogram.BucketOf(Math.Max(0, duration.TotalSeconds));
}
