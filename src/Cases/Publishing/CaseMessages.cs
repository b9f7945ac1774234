using CallResponse.ServiceDefaults.EventStore;
using JasperFx.Events;
using Public = CallResponse.Contracts.Cases;

namespace CallResponse.Cases.Publishing;

/// <summary>Which case events other services hear of, and in which public shape.</summary>
public sealed class CaseMessages : IIntegrationEventMap
{
    /// <remarks>The case steps carry the event's stream version, so a consumer can tell a late older step.</remarks>
    public object? ToMessage(IEvent storedEvent) => (storedEvent.Data, storedEvent.Version) switch
    {
        (CaseAccepted opened, _) => new Public.CaseOpened(
            opened.CaseId, opened.TrackingNumber, opened.ItemCode, opened.GridCode, opened.ReportedAt, opened.LoggedAt,
            opened.StreetCode),
        (CaseDispatched routed, var version) => new Public.CaseRouted(
            routed.CaseId, routed.TrackingNumber, routed.ItemCode, routed.GridCode, routed.Assignment, routed.RuleId,
            routed.CatalogueVersion, routed.RoutedAt, routed.Urgency, routed.CommunityCode, routed.StreetCode,
            routed.DistrictCode, routed.Targets, version),
        (CaseClaimed claimed, var version) => new Public.CaseClaimed(
            claimed.CaseId, claimed.UnitCode, claimed.ClaimedAt, version),
        (CaseReturned returned, var version) => new Public.CaseReturned(
            returned.CaseId, returned.UnitCode, returned.Reason, returned.ReturnedAt, version, returned.ReasonCode),
        (ReturnRejected rejected, var version) => new Public.CaseReassigned(
            rejected.CaseId, rejected.To, "return-rejected", rejected.Note, rejected.RejectedAt, version),
        (AssignmentFixed assigned, var version) => new Public.CaseReassigned(
            assigned.CaseId, assigned.To, "fixed", assigned.Reason, assigned.FixedAt, version),
        (CaseReassigned reassigned, var version) => new Public.CaseReassigned(
            reassigned.CaseId, reassigned.Assignment, "reassigned", reassigned.Reason, reassigned.ReassignedAt,
            version),
        (CaseEscalated escalated, var version) => new Public.CaseReassigned(
            escalated.CaseId, escalated.To, "escalated", escalated.Reason, escalated.EscalatedAt, version),
        (CaseResolved resolved, var version) => new Public.CaseResolved(
            resolved.CaseId, resolved.UnitCode, resolved.ResolvedAt, version),
        (CaseReopened reopened, var version) => new Public.CaseReopened(
            reopened.CaseId, reopened.UnitCode, reopened.ReopenedAt, version),
        (CaseClosed closed, var version) => new Public.CaseClosed(
            closed.CaseId, closed.Satisfied, closed.Reason, closed.ClosedAt, version),
        (ExtensionApproved approved, var version) => new Public.ExtensionApproved(
            approved.CaseId, approved.ResolveBy, approved.ApprovedAt, version),
        (CasePaused paused, var version) => new Public.CasePaused(
            paused.CaseId, paused.PausedAt, paused.ResumeBy, version),
        (CaseResumed resumed, var version) => new Public.CaseResumed(
            resumed.CaseId, resumed.PausedAt, resumed.ResumedAt, version),
        (WhistleBlown whistle, var version) => new Public.WhistleBlown(
            whistle.CaseId, whistle.Departments, whistle.ReportBy, whistle.BlownAt, version),
        (WhistleAnswered answered, var version) => new Public.WhistleAnswered(
            answered.CaseId, answered.Department, answered.AnsweredAt, version),
        (CaseMerged merged, var version) => new Public.CaseMerged(
            merged.CaseId, merged.SurvivorCaseId, merged.MergedAt, version),
        _ => null,
    };
}
