using JasperFx.Events;

namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// A service's translation of its stored events into the public messages of <c>contracts/</c>.
/// Events that other services need not know of map to <c>null</c> and stay private. The map sees
/// the stored event whole, so a message can carry its stream version (the order of a case's steps).
/// </summary>
public interface IIntegrationEventMap
{
    object? ToMessage(IEvent storedEvent);
}
