using CallResponse.ServiceDefaults.EventStore;
using Public = CallResponse.Contracts.Cases;

namespace CallResponse.Cases.Publishing;

/// <summary>Which case events other services hear of, and in which public shape.</summary>
public sealed class CaseMessages : IIntegrationEventMap
{
    public object? ToMessage(object storedEvent) => storedEvent switch
    {
        CaseOpened opened => new Public.CaseOpened(
            opened.CaseId, opened.TrackingNumber, opened.ItemCode, opened.GridCode, opened.ReportedAt, opened.LoggedAt),
        CaseRouted routed => new Public.CaseRouted(
            routed.CaseId, routed.TrackingNumber, routed.ItemCode, routed.GridCode, routed.Assignment, routed.RuleId, routed.CatalogueVersion, routed.RoutedAt),
        _ => null,
    };
}
