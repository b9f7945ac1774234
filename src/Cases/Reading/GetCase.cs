using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Supervision;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary><c>GET /api/cases/{id}</c>: the case's current state; its ETag is the stream version.</summary>
public static class GetCase
{
    /// <summary>How far back an open case of the same item and grid counts as a possible duplicate.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);

    /// <summary>A case as clients see it. No personal data: the resident's contact stays with intake.</summary>
    /// <param name="AllowedCommands">
    /// The commands the caller may give the case now (<c>POST /api/cases/{id}/{command}</c>): theirs to give
    /// and allowed in its state. A command may still be refused for what its body says.
    /// </param>
    /// <param name="PendingReturn">A return (退回) waiting for the triage desk to accept or reject it.</param>
    /// <param name="PendingAppeal">An appeal (核减申请) waiting for a supervisor's decision.</param>
    /// <param name="AssignmentFixed">A supervisor fixed the case to its unit (定派): no more returns.</param>
    /// <param name="SupervisionOrders">
    /// Every supervision order (督办单) the case had, oldest first: the open ones press its unit now.
    /// </param>
    /// <param name="SupervisionOrderCount">How many orders were ever opened on the case.</param>
    /// <param name="UrgeCount">How many times supervisors urged the unit (催办).</param>
    /// <param name="PendingPause">A pause (挂起申请) waiting for a supervisor's decision.</param>
    /// <param name="PausedSince">Since when the clocks are paused (挂起中); null while they run.</param>
    /// <param name="ResumeBy">While paused, when the unit expected to resume; past it, the case is overdue.</param>
    /// <param name="PausedSeconds">The time paused (挂起时长) over every pause that has ended, in seconds.</param>
    /// <param name="PauseCount">How many pauses were approved.</param>
    /// <param name="PossibleDuplicates">
    /// Open cases of the same item in the same grid logged within 24 hours before this one (疑似重复):
    /// a hint for the dispatcher, who may merge them. Worked out when read, so it is always current.
    /// </param>
    public sealed record CaseView(
        Guid Id,
        string TrackingNumber,
        string Status,
        string ItemCode,
        string? CategoryCode,
        string? Urgency,
        Place Place,
        string Description,
        string Channel,
        DateTimeOffset ReportedAt,
        DateTimeOffset LoggedAt,
        Assignment? Assignment,
        IReadOnlyList<string> AssistingDepartments,
        IReadOnlyList<string> SummonedDepartments,
        DateTimeOffset? ReportBy,
        string? CatalogueVersion,
        string? RuleId,
        DateTimeOffset? RoutedAt,
        DateTimeOffset? ClaimedAt,
        DateTimeOffset? ResolvedAt,
        DateTimeOffset? ClosedAt,
        bool? Satisfied,
        int ReturnCount,
        PendingReturn? PendingReturn,
        AppealFiled? PendingAppeal,
        bool AssignmentFixed,
        int ReopenCount,
        int EscalationCount,
        DateTimeOffset? RequestedResolveBy,
        DateTimeOffset? ExtendedResolveBy,
        Guid? MergedInto,
        IReadOnlyList<Guid> Duplicates,
        IReadOnlyList<Guid> PossibleDuplicates,
        IReadOnlyList<Guid> Photos,
        int BreachCount,
        long Version,
        IReadOnlyList<string> AllowedCommands,
        IReadOnlyList<OrderView> SupervisionOrders,
        int SupervisionOrderCount,
        int UrgeCount,
        PauseRequested? PendingPause,
        DateTimeOffset? PausedSince,
        DateTimeOffset? ResumeBy,
        string? PauseReasonCode,
        long PausedSeconds,
        int PauseCount);

    /// <summary>A supervision order (督办单) as clients see it.</summary>
    /// <param name="DeadlineKind">The breached deadline's kind: <c>response</c> or <c>resolution</c>.</param>
    /// <param name="UnitCode">The unit pressed to act.</param>
    /// <param name="State"><c>open</c>, <c>met</c> or <c>withdrawn</c> (the case left the unit).</param>
    /// <param name="Overdue">Open and past <paramref name="DueAt"/>: the unit ignored the order too.</param>
    public sealed record OrderView(
        Guid OrderId,
        string DeadlineKind,
        string UnitCode,
        string Reason,
        DateTimeOffset OrderedAt,
        DateTimeOffset DueAt,
        string State,
        DateTimeOffset? SettledAt,
        bool Overdue);

    public static IEndpointRouteBuilder MapGetCase(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}", Handle)
            .WithName("GetCase")
            .WithTags("Cases")
            .WithSummary("A case's current state. The ETag header is the case's version, for If-Match on commands.")
            .RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, HttpContext context, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = await session.LoadAsync<Case>(id, cancellationToken);
        var actor = Actor.From(context.User);
        if (found is null || !CaseAccess.CanSee(found, actor))
        {
            return CaseProblems.NotFound(id);
        }

        context.Response.Headers.ETag = ETags.Of(found.Version);
        var duplicates = await PossibleDuplicatesAsync(found, actor, session, cancellationToken);
        return TypedResults.Ok(ToView(found, actor, clock.GetUtcNow()) with { PossibleDuplicates = duplicates });
    }

    /// <summary>Only cases the caller may see.</summary>
    private static async Task<IReadOnlyList<Guid>> PossibleDuplicatesAsync(
        Case found, Actor actor, IQuerySession session, CancellationToken cancellationToken)
    {
        if (found.Status is CaseStatus.Closed or CaseStatus.Merged)
        {
            return [];
        }

        var since = found.LoggedAt - DuplicateWindow;
        return await session.Query<Case>()
            .Where(CaseAccess.Visible(actor))
            .Where(other => other.ItemCode == found.ItemCode
                && other.Place.Grid == found.Place.Grid
                && other.LoggedAt >= since
                && other.LoggedAt <= found.LoggedAt
                && other.Id != found.Id
                && other.Status != CaseStatus.Closed
                && other.Status != CaseStatus.Merged)
            .OrderByDescending(other => other.LoggedAt)
            .Select(other => other.Id)
            .Take(5)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The case as <paramref name="actor"/> sees it.</summary>
    /// <param name="now">What an order is overdue against; the system's clock when not given (lists, desks).</param>
    public static CaseView ToView(Case found, Actor actor, DateTimeOffset? now = null) => new(
        found.Id,
        found.TrackingNumber,
        CaseStatusNames.Of(found.Status),
        found.ItemCode,
        found.CategoryCode,
        found.Urgency,
        found.Place,
        found.Description,
        found.Channel,
        found.ReportedAt,
        found.LoggedAt,
        found.Assignment,
        found.AssistingDepartments,
        found.SummonedDepartments,
        found.ReportBy,
        found.CatalogueVersion,
        found.RuleId,
        found.RoutedAt,
        found.ClaimedAt,
        found.ResolvedAt,
        found.ClosedAt,
        found.Satisfied,
        found.ReturnCount,
        found.PendingReturn,
        found.PendingAppeal,
        found.AssignmentFixed,
        found.ReopenCount,
        found.EscalationCount,
        found.RequestedResolveBy,
        found.ExtendedResolveBy,
        found.MergedInto,
        found.Duplicates,
        [],
        found.Photos,
        found.BreachCount,
        found.Version,
        CaseAccess.AllowedCommands(found, actor),
        OrdersOf(found, now ?? TimeProvider.System.GetUtcNow()),
        found.SupervisionOrderCount,
        found.UrgeCount,
        found.PendingPause,
        found.PausedSince,
        found.ResumeBy,
        found.PauseReasonCode,
        found.PausedSeconds,
        found.PauseCount);

    private static IReadOnlyList<OrderView> OrdersOf(Case found, DateTimeOffset now) =>
        found.SupervisionOrders.Count == 0
            ? []
            : found.SupervisionOrders.Select(order => new OrderView(
                    order.OrderId, order.DeadlineKind, order.UnitCode, order.Reason, order.OrderedAt, order.DueAt,
                    order.State, order.SettledAt, order.State == SupervisionStates.Open && order.DueAt < now))
                .ToList();
}
