using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Reading;

/// <summary><c>GET /api/cases/{id}/history</c>: every event of the case — what, when, who and why.</summary>
public static class GetCaseHistory
{
    /// <summary>One step of a case's history.</summary>
    /// <param name="Version">The case's version after this step.</param>
    /// <param name="Event">The event's name, e.g. <c>case_routed</c>.</param>
    /// <param name="At">When it was recorded.</param>
    /// <param name="By">Who did it (a user, or the service that acted).</param>
    /// <param name="Summary">What happened and why, in words.</param>
    /// <param name="Data">The event as stored.</param>
    public sealed record HistoryEntry(long Version, string Event, DateTimeOffset At, string? By, string Summary, object Data);

    public static IEndpointRouteBuilder MapGetCaseHistory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/cases/{id:guid}/history", Handle)
            .WithName("GetCaseHistory")
            .WithTags("Cases")
            .WithSummary("Every change to the case, oldest first: what, when, who and why.");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0)
        {
            return CaseProblems.NotFound(id);
        }

        return TypedResults.Ok<IReadOnlyList<HistoryEntry>>(events.Select(ToEntry).ToList());
    }

    private static HistoryEntry ToEntry(IEvent @event) =>
        new(@event.Version, @event.EventTypeName, @event.Timestamp, @event.UserName, Summarise(@event.Data), @event.Data);

    private static string Summarise(object data) => data switch
    {
        CaseOpened opened => $"受理: {opened.LoggedBy} 登记呼声 {opened.TrackingNumber} (事项 {opened.ItemCode}, 网格 {opened.GridCode}, 渠道 {opened.Channel})",
        CaseRouted routed => $"派单: 派至{routed.Assignment.UnitName} ({routed.Assignment.Level} {routed.Assignment.UnitCode}), 规则 {routed.RuleId}, 目录版本 {routed.CatalogueVersion}。{routed.Reason}",
        _ => data.GetType().Name,
    };
}
