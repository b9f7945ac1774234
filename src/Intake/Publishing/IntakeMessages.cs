using CallResponse.Intake.Calls;
using CallResponse.ServiceDefaults.EventStore;
using JasperFx.Events;
using Public = CallResponse.Contracts.Intake;

namespace CallResponse.Intake.Publishing;

/// <summary>Intake tells the other services of each logged call, without the resident's contact.</summary>
public sealed class IntakeMessages : IIntegrationEventMap
{
    public object? ToMessage(IEvent storedEvent) => storedEvent.Data switch
    {
        CallRegistered logged => new Public.CallLogged(
            logged.CallId,
            logged.TrackingNumber,
            logged.ItemCode,
            logged.GridCode,
            logged.Description,
            logged.Channel,
            logged.ReportedAt,
            logged.LoggedAt,
            logged.LoggedBy,
            logged.CommunityCode,
            logged.StreetCode,
            logged.DistrictCode),
        _ => null,
    };
}
