using CallResponse.Cases.Lifecycle;
using CallResponse.Cases.Reading;
using CallResponse.Contracts.Routing;
using CallResponse.Contracts.Sla;
using JasperFx.Events;
using Marten;
using MassTransit;

namespace CallResponse.Cases.Deadlines;

/// <summary>
/// Records what the SLA service says in the case's history: warnings, breaches, and the feedback
/// window lapsing. A breach of a case that is still late escalates it one level up (超时自动上报),
/// whose new unit then gets its own deadline. Each notice is recorded once,
/// by its deadline, however often it is delivered.
/// </summary>
public sealed class RecordSlaNotices(IDocumentSession session, AreaNames areas)
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
        if (await UnrecordedAsync(breached.CaseId, $"{breached.DeadlineId}:breached", context)
            is not (var stream, var current))
        {
            return;
        }

        stream.AppendOne(new SlaBreachRecorded(
            breached.CaseId, breached.DeadlineId, breached.Kind, breached.UnitCode, breached.DueAt,
            breached.BreachedAt));
        // Escalate only what is still late: a response breach of the unit that still has not claimed
        // it; a resolution breach of a case still being worked on, whoever holds it now. (A breach the
        // SLA service published just before a claim won the race finds the case claimed: recorded only.)
        var stillLate = breached.Kind switch
        {
            DeadlineKinds.Response => current.Status == CaseStatus.Routed
                && current.Assignment?.UnitCode == breached.UnitCode,
            DeadlineKinds.Resolution => current.Status is CaseStatus.Claimed or CaseStatus.InProgress,
            _ => false,
        };
        if (stillLate && OneLevelUp(current) is { } next)
        {
            stream.AppendOne(new CaseEscalated(
                current.Id,
                current.Assignment!,
                next,
                $"{(breached.Kind == DeadlineKinds.Response ? "超时未认领" : "超时未办结")}，自动上报",
                breached.BreachedAt));
        }

        await session.SaveChangesAsync(context.CancellationToken);
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
