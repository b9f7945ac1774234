using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// <c>GET /api/overdue</c>: the overdue board (超时督办榜) — open cases past a deadline (breached) or near
/// one (warned), worst first: breached before warned, then the longest waiting; after them, paused cases (挂起)
/// whose expected resume time has passed, since a pause lasts until someone resumes it. Each case shows its
/// supervision orders (督办单), the open one with its due time and whether it is overdue itself.
/// </summary>
public static class OverdueBoard
{
    public const int MaxLimit = 200;

    /// <param name="OpenOrders">Cases on the board with a supervision order open.</param>
    /// <param name="OverdueOrders">Of those, cases whose open order is past its due time.</param>
    /// <param name="PausedPastResume">Paused cases (挂起) past the time the unit expected to resume, listed last.</param>
    public sealed record Board(
        int Breached,
        int Warned,
        IReadOnlyList<GetCase.CaseView> Cases,
        int OpenOrders,
        int OverdueOrders,
        int PausedPastResume);

    public static IEndpointRouteBuilder MapOverdueBoard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/overdue", HandleAsync)
            .WithName("GetOverdueBoard")
            .WithTags("Oversight")
            .WithSummary("Open cases past or near a deadline, worst first (limit 1-200, default 50); format=csv for a "
                + "UTF-8 CSV that Excel opens.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Supervisor, Roles.StreetDispatcher, Roles.Admin))
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<Board>, FileContentHttpResult, ValidationProblem>> HandleAsync(
        HttpContext context,
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        int limit = 50,
        string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        CsvExport.Check(format, errors);

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var actor = Actor.From(context.User);
        var street = GetMeasures.StreetScope(actor);
        var breached = await OnBoard(session, 1, street).Take(limit).ToListAsync(cancellationToken);
        var warned = await OnBoard(session, 2, street).Take(limit - breached.Count).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var paused = await PausedPast(session, now, street)
            .Take(limit - breached.Count - warned.Count)
            .ToListAsync(cancellationToken);
        var cases = breached.Concat(warned).Concat(paused).Select(found => GetCase.ToView(found, actor, now)).ToList();
        var board = new Board(
            breached.Count,
            warned.Count,
            cases,
            cases.Count(found => OpenOrder(found) is not null),
            cases.Count(found => OpenOrder(found) is { Overdue: true }),
            paused.Count);
        return format == CsvExport.Format
            ? Csv(
                board,
                breached.Count,
                breached.Count + warned.Count,
                $"overdue-{clock.GetUtcNow().ToOffset(ServiceDefaults.ChinaTime.Offset):yyyyMMdd-HHmm}.csv")
            : TypedResults.Ok(board);
    }

    /// <summary>
    /// The board as CSV, worst first; no descriptions, which can carry what residents said of themselves.
    /// </summary>
    private static FileContentHttpResult Csv(Board board, int breached, int ranked, string name) => CsvExport.File(
        name,
        [
            "place", "tracking_number", "standing", "status", "item", "urgency", "level", "unit", "street",
            "community", "grid", "logged_at", "breaches", "supervision_due_at", "supervision_overdue", "urges",
        ],
        board.Cases.Select((found, index) => new object?[]
        {
            index + 1, found.TrackingNumber, index < breached ? "breached" : index < ranked ? "warned" : "paused",
            found.Status, found.ItemCode,
            found.Urgency, found.Assignment?.Level, found.Assignment?.UnitCode,
            found.Place.Street, found.Place.Community, found.Place.Grid, found.LoggedAt, found.BreachCount,
            OpenOrder(found)?.DueAt, OpenOrder(found)?.Overdue, found.UrgeCount,
        }));

    /// <summary>
    /// The case's open supervision order. There is one at most: the claim meets a response breach's before a
    /// resolution deadline can pass, and a move withdraws it; the newest is taken all the same.
    /// </summary>
    private static GetCase.OrderView? OpenOrder(GetCase.CaseView found) =>
        found.SupervisionOrders.LastOrDefault(order => order.State == Supervision.SupervisionStates.Open);

    /// <summary>
    /// Paused cases past their expected resume time, the longest past first; one breached or warned before its pause
    /// is listed with those already.
    /// </summary>
    private static IQueryable<Case> PausedPast(IQuerySession session, DateTimeOffset now, string? street)
    {
        var paused = session.Query<Case>().Where(found =>
            found.ResumeBy != null && found.ResumeBy < now && found.OverdueRank == null);
        return (street is null ? paused : paused.Where(found => found.Place.Street == street))
            .OrderBy(found => found.ResumeBy);
    }

    /// <summary>Open cases of one <see cref="Case.OverdueRank"/>, the longest waiting first.</summary>
    private static IQueryable<Case> OnBoard(IQuerySession session, int rank, string? street)
    {
        var ranked = session.Query<Case>().Where(found => found.OverdueRank == rank);
        return (street is null ? ranked : ranked.Where(found => found.Place.Street == street))
            .OrderBy(found => found.LoggedAt);
    }
}
