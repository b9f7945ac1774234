using System.Linq.Expressions;
using System.Text;
using CallResponse.Cases.Lifecycle;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary>
/// <c>GET /api/cases</c>: the cases the caller may see, filtered, newest first (or oldest first),
/// a page at a time. Paging is by cursor (the last case's logged time and id), so a page never
/// shifts when new cases arrive. Reads the inline case documents, never the streams.
/// </summary>
public static class ListCases
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <param name="Cases">This page.</param>
    /// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
    /// <param name="Total">All matching cases, when asked for with <c>withTotal=true</c>.</param>
    public sealed record CasePage(IReadOnlyList<GetCase.CaseView> Cases, string? NextCursor, int? Total);

    /// <summary>The filters; every one optional, all combined with AND.</summary>
    public sealed record CaseFilter(
        string? Status,
        string? Item,
        string? Category,
        string? Department,
        string? Street,
        string? Community,
        string? Grid,
        string? Urgency,
        bool? Overdue,
        string? AssignedTo,
        DateTimeOffset? LoggedFrom,
        DateTimeOffset? LoggedTo,
        DateTimeOffset? ClosedFrom,
        DateTimeOffset? ClosedTo,
        string? Q,
        string? Sort,
        string? Cursor,
        int? Limit,
        bool? WithTotal);

    public static IEndpointRouteBuilder MapListCases(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases", Handle)
            .WithName("ListCases")
            .WithTags("Cases")
            .WithSummary("Cases you may see. Filters: status, item, category, department (assigned, assisting or "
                + "summoned by a whistle), street, community, grid, urgency, overdue (open and past a deadline: true "
                + "or false), assignedTo, loggedFrom/loggedTo, closedFrom/closedTo, q (text). sort=logged|-logged "
                + "(default -logged); cursor; limit 1-100 (default 20); withTotal.")
            .RequireAuthorization()
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> Handle(
        [AsParameters] CaseFilter filter,
        IQuerySession session,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var status = filter.Status is null ? null : CaseStatusNames.Parse(filter.Status);
        if (filter.Status is not null && status is null)
        {
            errors["status"] =
                [$"One of {string.Join(", ", Enum.GetValues<CaseStatus>().Select(CaseStatusNames.Of))}."];
        }

        var ascending = filter.Sort switch
        {
            null or "-logged" => false,
            "logged" => true,
            _ => (bool?)null,
        };
        if (ascending is null)
        {
            errors["sort"] = ["logged (oldest first) or -logged (newest first)."];
        }

        var limit = filter.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }

        if (filter.LoggedFrom > filter.LoggedTo || filter.ClosedFrom > filter.ClosedTo)
        {
            errors[filter.LoggedFrom > filter.LoggedTo ? "loggedFrom" : "closedFrom"] =
                ["The range starts after it ends."];
        }

        var cursor = filter.Cursor is null ? null : Cursor.Parse(filter.Cursor);
        if (filter.Cursor is not null && cursor is null)
        {
            errors["cursor"] = ["Not a cursor from this API: pass nextCursor from the previous page."];
        }

        if (filter.Q?.Length > 100)
        {
            errors["q"] = ["At most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return ProblemResponses.Invalid(errors);
        }

        var actor = Actor.From(context.User);
        var query = session.Query<Case>().Where(CaseAccess.Visible(actor));
        query = Filter(query, filter, status);
        if (cursor is { } after)
        {
            query = query.Where(found => found.MatchesSql(
                ascending!.Value ? "(d.logged_at, d.id) > (?, ?)" : "(d.logged_at, d.id) < (?, ?)",
                after.LoggedAt,
                after.Id));
        }

        var total = filter.WithTotal == true
            ? await Filter(session.Query<Case>().Where(CaseAccess.Visible(actor)), filter, status)
                .CountAsync(cancellationToken)
            : (int?)null;
        query = ascending!.Value
            ? query.OrderBy(found => found.LoggedAt).ThenBy(found => found.Id)
            : query.OrderByDescending(found => found.LoggedAt).ThenByDescending(found => found.Id);
        var page = await query.Take(limit + 1).ToListAsync(cancellationToken);
        var next = page.Count > limit ? Cursor.Of(page[limit - 1]) : null;
        return TypedResults.Ok(new CasePage(
            page.Take(limit).Select(found => GetCase.ToView(found, actor)).ToList(),
            next,
            total));
    }

    private static IQueryable<Case> Filter(IQueryable<Case> query, CaseFilter filter, CaseStatus? status)
    {
        if (status is { } wanted)
        {
            query = query.Where(found => found.Status == wanted);
        }

        if (filter.Item is { } item)
        {
            query = query.Where(found => found.ItemCode == item);
        }

        if (filter.Category is { } category)
        {
            query = query.Where(found => found.CategoryCode == category);
        }

        if (filter.Department is { } department)
        {
            query = query.Where(found =>
                (found.Assignment!.Level == AssignmentLevels.Department && found.Assignment.UnitCode == department)
                || found.AssistingDepartments.Contains(department)
                || found.SummonedDepartments.Contains(department));
        }

        if (filter.Street is { } street)
        {
            query = query.Where(found => found.Place.Street == street);
        }

        if (filter.Community is { } community)
        {
            query = query.Where(found => found.Place.Community == community);
        }

        if (filter.Grid is { } grid)
        {
            query = query.Where(found => found.Place.Grid == grid);
        }

        if (filter.Urgency is { } urgency)
        {
            query = query.Where(found => found.Urgency == urgency);
        }

        // Past a deadline and still open: the overdue board's first rank, read from its indexed column.
        if (filter.Overdue is true)
        {
            query = query.Where(found => found.OverdueRank == 1);
        }
        else if (filter.Overdue is false)
        {
            query = query.Where(found => found.OverdueRank == null || found.OverdueRank != 1);
        }

        if (filter.AssignedTo is { } unit)
        {
            query = query.Where(found => found.Assignment!.UnitCode == unit);
        }

        if (filter.LoggedFrom?.ToUniversalTime() is { } loggedFrom)
        {
            query = query.Where(found => found.LoggedAt >= loggedFrom);
        }

        if (filter.LoggedTo?.ToUniversalTime() is { } loggedTo)
        {
            query = query.Where(found => found.LoggedAt < loggedTo);
        }

        if (filter.ClosedFrom?.ToUniversalTime() is { } closedFrom)
        {
            query = query.Where(found => found.ClosedAt >= closedFrom);
        }

        if (filter.ClosedTo?.ToUniversalTime() is { } closedTo)
        {
            query = query.Where(found => found.ClosedAt < closedTo);
        }

        if (filter.Q is { Length: > 0 } text)
        {
            query = query.Where(found => found.Description.Contains(text) || found.TrackingNumber.Contains(text));
        }

        return query;
    }

    /// <summary>The cases an actor may see, as a query (the same rule as <see cref="CaseAccess.CanSee"/>).</summary>

    /// <summary>An opaque page cursor: the last case's logged time and id.</summary>
    private sealed record Cursor(DateTimeOffset LoggedAt, Guid Id)
    {
        public static string Of(Case last) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.LoggedAt.UtcTicks}|{last.Id}"));

        public static Cursor? Parse(string text)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('|');
                return parts.Length == 2
                    && long.TryParse(parts[0], out var ticks)
                    && Guid.TryParse(parts[1], out var id)
                    ? new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
