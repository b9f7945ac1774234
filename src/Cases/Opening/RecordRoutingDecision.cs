using CallResponse.Cases.Reading;
using CallResponse.ServiceDefaults.Messaging;
using Marten;
using RoutingDecided = CallResponse.Contracts.Routing.RoutingDecided;

namespace CallResponse.Cases.Opening;

/// <summary>
/// Records routing's decisions in the cases' streams, a batch of up to <see cref="BatchSize"/> to a
/// transaction (<see cref="Batches"/>). Idempotent: a decision already recorded (same decision id) changes nothing.
/// Each append names the version it expects, so a concurrent change to a case fails the batch, which the
/// bus retries. Routing hears of a case only after it is open, so a missing case is a fault: that
/// decision is retried alone, then parked for a person to see, while the rest of its batch is recorded.
/// </summary>
public sealed class RecordRoutingDecision(IDocumentSession session) : IBatchHandler<RoutingDecided>
{
    public const int BatchSize = 50;

    public async Task HandleAsync(IReadOnlyList<RoutingDecided> messages, CancellationToken cancellationToken)
    {
        var decisions = messages.DistinctBy(decided => decided.DecisionId).ToList();
        var cases = (await session.LoadManyAsync<Case>(
                cancellationToken,
                decisions.Select(decided => decided.CaseId).Distinct()))
            .ToDictionary(found => found.Id);

        session.LastModifiedBy = "routing";
        foreach (var decided in decisions)
        {
            var current = cases.GetValueOrDefault(decided.CaseId)
                ?? throw await MissingCase.ExplainAsync(session, decided.CaseId, cancellationToken);
            // Recorded already, or overtaken: a case merged (or closed) before its routing arrived stays so.
            if (current.RoutingDecisionId == decided.DecisionId || current.Status is not CaseStatus.Open)
            {
                continue;
            }

            var routed = new CaseDispatched(
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

        await session.SaveChangesAsync(cancellationToken);
    }
}
