using Marten;
using MassTransit;
using RoutingDecided = CallResponse.Contracts.Routing.RoutingDecided;

namespace CallResponse.Cases.Routing;

/// <summary>
/// Records routing's decision in the case's stream. Idempotent: a decision already recorded (same
/// decision id) changes nothing. Routing hears of a case only after it is open, so a missing stream
/// is a fault: the bus retries the message, then moves it to the error queue for a person to see.
/// </summary>
public sealed class RecordRoutingDecision(IDocumentSession session) : IConsumer<RoutingDecided>
{
    public async Task Consume(ConsumeContext<RoutingDecided> context)
    {
        var decided = context.Message;
        var stream = await session.Events.FetchForWriting<Case>(decided.CaseId, context.CancellationToken);
        var current = stream.Aggregate
            ?? throw new CaseNotOpenYetException(decided.CaseId);
        if (current.RoutingDecisionId == decided.DecisionId)
        {
            return;
        }

        session.LastModifiedBy = "routing";
        stream.AppendOne(new CaseRouted(
            decided.CaseId,
            current.TrackingNumber,
            current.ItemCode,
            current.GridCode,
            decided.DecisionId,
            decided.Assignment,
            decided.RuleId,
            decided.CatalogueVersion,
            decided.Reason,
            decided.DecidedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>A message for a case that this service has no stream for.</summary>
public sealed class CaseNotOpenYetException(Guid caseId) : Exception($"Case {caseId} is not open yet.");
