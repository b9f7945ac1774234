namespace CallResponse.ServiceDefaults.EventStore;

/// <summary>
/// A service's translation of its stored events into the public messages of <c>contracts/</c>.
/// Events that other services need not know of map to <c>null</c> and stay private.
/// </summary>
public interface IIntegrationEventMap
{
    object? ToMessage(object storedEvent);
}
