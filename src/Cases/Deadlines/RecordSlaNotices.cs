using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Reading;
using CallResponse.Cases.Supervision;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace CallResponse.Cases.Deadlines;

/// <summary>
/// Records what the SLA service says in the case's history: warnings, breaches, and the feedback
/// window lapsing. A breach of a case that is still late keeps the case with its unit and opens a
/// supervision order (督办单) for the supervisors over it: the unit that can fix the matter is pressed
/// to, rather than relieved of it. Only an item that escalates on a breach (<c>escalateOnBreach</c>: gas,
/// fire) goes one level up (超时自动上报), whose new unit then gets its own deadline. Each notice is
/// recorded once, by its deadline, however often it is delivered.
/// </summary>
public sealed class RecordSlaNotices(
    IDocumentSession session,
    AreaNames areas,
    IOptions<SupervisionOptions> supervision)
    : IConsumer<SlaWarningIssued>, IConsumer<SlaBreached>, IConsumer<FeedbackWindowLapsed>
{
    public const string Actor = "system:sla:deadline-poller";

    public async Task Consume(ConsumeContext<SlaWarningIssued> context)
    {
        var warned = context.Message;
        if (await UnrecordedAsync(warned.CaseId, $"{warned.DeadlineId}:warned", context) is not (var stream, _))
        {
            return;
        }

        stream.AppendOne(new SlaWarned(
            warned.CaseId, warned.DeadlineId, warned.Kind, warned.UnitCode, warned.DueAt, warned.WarnedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<SlaBreached> context)
    {
        var breached = context.Message;
        var (stream, current) = await FetchAsync(breached.CaseId, context.CancellationToken);
        var events = OnBreach(current, breached, OneLevelUp, supervision.Value.ReplyWithin);
        if (events.Count == 0)
        {
            return;
        }

        stream.AppendMany(events);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// What a breach adds to the case: nothing if it was recorded before (a redelivery); else the breach, and if
    /// the case is still late, a supervision order for the unit that holds it, or for an item that escalates on a
    /// breach, the escalation one level up (an order at the top, where there is no level up).
    /// </summary>
    /// <param name="oneLevelUp">The unit above the case's, or null at the top.</param>
    public static IReadOnlyList<object> OnBreach(
        Case current,
        SlaBreached breached,
        Func<Case, Assignment?> oneLevelUp,
        TimeSpan replyWithin)
    {
        if (current.SlaNotices.Contains($"{breached.DeadlineId}:breached"))
        {
            return [];
        }

        var recorded = new SlaBreachRecorded(
            breached.CaseId, breached.DeadlineId, breached.Kind, breached.UnitCode, breached.DueAt,
            breached.BreachedAt);
        // Only what is still late: a response breach of the unit that still has not claimed it; a
        // resolution breach of a case still being worked on, whoever holds it now. (A breach the SLA
        // service published just before a claim won the race finds the case claimed: recorded only.)
        var stillLate = breached.Kind switch
        {
            DeadlineKinds.Response => current.Status == CaseStatus.Routed
                && current.Assignment?.UnitCode == breached.UnitCode,
            DeadlineKinds.Resolution => current.Status is CaseStatus.Claimed or CaseStatus.InProgress,
            _ => false,
        };
        if (!stillLate)
        {
            return [recorded];
        }

        if (current.EscalateOnBreach && oneLevelUp(current) is { } next)
        {
            return
            [
                recorded,
                new CaseEscalated(
                    current.Id,
                    current.Assignment!,
                    next,
                    $"{(breached.Kind == DeadlineKinds.Response ? "超时未认领" : "超时未办结")}，自动上报",
                    breached.BreachedAt),
            ];
        }

        return [recorded, SupervisionRules.OrderFor(current, breached, replyWithin)];
    }

    public async Task Consume(ConsumeContext<FeedbackWindowLapsed> context)
    {
        var lapsed = context.Message;
        var (stream, current) = await FetchAsync(lapsed.CaseId, context.CancellationToken);
        if (current.Status is not CaseStatus.Resolved)
        {
            return;
        }

        stream.AppendOne(new CaseClosed(lapsed.CaseId, "feedback-window-lapsed", current.Satisfied, lapsed.LapsedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// The case to record a notice in: the SLA hears only of routed cases, so one not found is explained.
    /// </summary>
    private async Task<(IEventStream<Case> Stream, Case Current)> FetchAsync(
        Guid caseId,
        CancellationToken cancellationToken)
    {
        session.LastModifiedBy = Actor;
        var stream = await session.Events.FetchForWriting<Case>(caseId, cancellationToken);
        return (stream, stream.Aggregate ?? throw await MissingCase.ExplainAsync(session, caseId, cancellationToken));
    }

    /// <summary>The case to record <paramref name="notice"/> in, or null if it was recorded before (a redelivery).
    /// </summary>
    private async Task<(IEventStream<Case> Stream, Case Current)?> UnrecordedAsync(
        Guid caseId,
        string notice,
        ConsumeContext context)
    {
        var (stream, current) = await FetchAsync(caseId, context.CancellationToken);
        return current.SlaNotices.Contains(notice) ? null : (stream, current);
    }

    /// <summary>The unit one level up from the case's, named as routing's area tree names it.</summary>
    private Assignment? OneLevelUp(Case current)
    {
        var level = CaseAssignments.NextLevelUp(current.Assignment!.Level);
        var code = level switch
        {
            AssignmentLevels.Community => current.Place.Community,
            AssignmentLevels.Street => current.Place.Street,
            CaseAssignments.District => current.Place.District,
            _ => null,
        };
        if (level is null || string.IsNullOrEmpty(code))
        {
            return null;
        }

        return new Assignment(level, code, areas.NameOf(code) ?? code, current.AssistingDepartments);
    }
}
