using CallResponse.Contracts.Cases;
using CallResponse.Contracts.Routing;
using CallResponse.ServiceDefaults;
using MassTransit;

namespace CallResponse.Routing.Deciding;

/// <summary>
/// Routes each opened case and publishes the decision. Routing keeps no state: a redelivered
/// <see cref="CaseOpened"/> gives a decision with the same <see cref="RoutingDecided.DecisionId"/>,
/// which the cases service records once.
/// </summary>
public sealed class RouteOpenedCase(ReferenceData data, TimeProvider clock, ILogger<RouteOpenedCase> logger)
    : IConsumer<CaseOpened>
{
    public async Task Consume(ConsumeContext<CaseOpened> context)
    {
        var opened = context.Message;
        var decision = Router.Decide(data.Current, new CaseFacts(opened.ItemCode, opened.GridCode, opened.ReportedAt));
        var decisionId = DeterministicGuid.Create("routing-decision", opened.CaseId.ToString());

        await context.Publish(
            new RoutingDecided(
                opened.CaseId,
                decisionId,
                decision.Assignment,
                decision.RuleId,
                decision.CatalogueVersion,
                decision.Reason,
                clock.GetUtcNow(),
                decision.CategoryCode,
                decision.Urgency,
                decision.Targets),
            publish =>
            {
                publish.MessageId = decisionId;
                publish.Mandatory = true; // returned, and retried, while the cases service's queue is missing
            });
        Log.Routed(logger, opened.CaseId, decision.RuleId, decision.Assignment.Level, decision.Assignment.UnitCode);
    }
}
