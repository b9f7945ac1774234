using CallResponse.ServiceDefaults.Messaging;
using Marten;

namespace CallResponse.Cases.Reading;

/// <summary>
/// Why a consumer finds no document for a case it was told of: the read model is being rebuilt (the
/// case's stream exists), and the message waits for it; or the case was never opened, a fault that is
/// retried and then parked for a person to see.
/// </summary>
public static class MissingCase
{
    public static async Task<Exception> ExplainAsync(
        IQuerySession session,
        Guid caseId,
        CancellationToken cancellationToken) =>
        await session.Events.FetchStreamStateAsync(caseId, cancellationToken) is null
            ? new CaseNotOpenYetException(caseId)
            : new ReadModelBehindException($"The document of case {caseId} is being rebuilt.");
}

/// <summary>A message for a case that this service has no stream for.</summary>
public sealed class CaseNotOpenYetException(Guid caseId) : Exception($"Case {caseId} is not open yet.");
