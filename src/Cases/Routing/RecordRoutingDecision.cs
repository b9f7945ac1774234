using Marten;
using MassTransit;
using RoutingDecided = CallResponse.Contracts.Routing.RoutingDecided;

namespace CallResponse.Cases.Routing;

/// <summary>
/// Records routing's decisions in the cases' streams, a batch of up to <see cref="BatchSize"/> to a
/// transaction. Idempotent: a decision already recorded (same decision id) changes nothing. Each
/// append names the version it expects, so a concurrent change to a case fails the batch, which the
/// bus retries. Routing hears of a case only after it is open, so a missing case is a fault: retried,
/// then moved to the error queue for a person to see.
/// </summary>
public sealed class RecordRoutingDecision(IDocumentSession session) : IConsumer<Batch<RoutingDecided>>
{
    public const int BatchSize = 50;

    public async Task Consume(ConsumeContext<Batch<RoutingDecided>> context)
    {
        var decisions = context.Message.Select(delivery => delivery.Message).DistinctBy(decided => decided.DecisionId).ToList();
        var cases = (await session.LoadManyAsync<Case>(context.CancellationToken, decisions.Select(decided => decided.CaseId).Distinct()))
            .ToDictionary(found => found.Id);

        session.LastModifiedBy = "routing";
        foreach (var decided in decisions)
        {
            var current = cases.GetValueOrDefault(decided.CaseId) ?? throw new CaseNotOpenYetException(decided.CaseId);
            // Recorded already, or overtaken: a case merged (or closed) before its routing arrived stays so.
            if (current.RoutingDecisionId == decided.DecisionId || current.Status is not CaseStatus.Open)
            {
                continue;
            }

            var routed = new CaseRouted(
                decided.CaseId,
                current.TrackingNumber,
                current.ItemCode,
                current.Place.Grid,
                decided.DecisionId,
                decided.Assignment,
                decided.RuleId,
                decided.CatalogueVersion,
                decided.Reason,
                decided.DecidedAt,
                decided.CategoryCode,
                decided.Urgency,
                current.Place.Community,
                current.Place.Street,
                current.Place.District,
                decided.Targets);
            session.Events.Append(decided.CaseId, current.Version + 1, routed);
            cases[decided.CaseId] = current.Apply(routed) with { Version = current.Version + 1 };
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>A message for a case that this service has no stream for.</summary>
public sealed class CaseNotOpenYetException(Guid caseId) : Exception($"Case {caseId} is not open yet.");
