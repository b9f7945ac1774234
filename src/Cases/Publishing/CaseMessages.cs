using CallResponse.ServiceDefaults.EventStore;
using JasperFx.Events;
using Public = CallResponse.Contracts.Cases;

namespace CallResponse.Cases.Publishing;

/// <summary>Which case events other services hear of, and in which public shape.</summary>
public sealed class CaseMessages : IIntegrationEventMap
{
    public object? ToMessage(IEvent storedEvent) => storedEvent.Data switch
    {
        CaseOpened opened => new Public.CaseOpened(
            opened.CaseId, opened.TrackingNumber, opened.ItemCode, opened.GridCode, opened.ReportedAt, opened.LoggedAt, opened.StreetCode),
        CaseRouted routed => new Public.CaseRouted(
            routed.CaseId, routed.TrackingNumber, routed.ItemCode, routed.GridCode, routed.Assignment, routed.RuleId, routed.CatalogueVersion, routed.RoutedAt, routed.Urgency,
            routed.CommunityCode, routed.StreetCode, routed.DistrictCode, routed.Targets),
        CaseClaimed claimed => new Public.CaseClaimed(claimed.CaseId, claimed.UnitCode, claimed.ClaimedAt),
        CaseReturned returned => new Public.CaseReturned(returned.CaseId, returned.UnitCode, returned.Reason, returned.ReturnedAt),
        CaseReassigned reassigned => new Public.CaseReassigned(reassigned.CaseId, reassigned.Assignment, "reassigned", reassigned.Reason, reassigned.ReassignedAt),
        CaseEscalated escalated => new Public.CaseReassigned(escalated.CaseId, escalated.To, "escalated", escalated.Reason, escalated.EscalatedAt),
        CaseResolved resolved => new Public.CaseResolved(resolved.CaseId, resolved.UnitCode, resolved.ResolvedAt),
        CaseReopened reopened => new Public.CaseReopened(reopened.CaseId, reopened.UnitCode, reopened.ReopenedAt),
        CaseClosed closed => new Public.CaseClosed(closed.CaseId, closed.Satisfied, closed.Reason, closed.ClosedAt),
        ExtensionApproved approved => new Public.ExtensionApproved(approved.CaseId, approved.ResolveBy, approved.ApprovedAt),
        WhistleBlown whistle => new Public.WhistleBlown(whistle.CaseId, whistle.Departments, whistle.ReportBy, whistle.BlownAt),
        WhistleAnswered answered => new Public.WhistleAnswered(answered.CaseId, answered.Department, answered.AnsweredAt),
        CaseMerged merged => new Public.CaseMerged(merged.CaseId, merged.SurvivorCaseId, merged.MergedAt),
        _ => null,
    };
}
