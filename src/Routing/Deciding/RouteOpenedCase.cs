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
public sealed class RouteOpenedCase(ReferenceData data, TimeProvider clock, ILogger<RouteOpenedCase> logger) : IConsumer<CaseOpened>
{
    public async Task Consume(ConsumeContext<CaseOpened> context)
    {
        var opened = context.Message;
        var decision = Router.Decide(data.Catalogue, data.Areas, new CaseFacts(opened.ItemCode, opened.GridCode));
        var decisionId = DeterministicGuid.Create("routing-decision", opened.CaseId.ToString());

        await context.Publish(
            new RoutingDecided(
                opened.CaseId,
                decisionId,
                decision.Assignment,
                decision.RuleId,
                decision.CatalogueVersion,
                decision.Reason,
                clock.GetUtcNow()),
            publish => publish.MessageId = decisionId);
        Log.Routed(logger, opened.CaseId, decision.RuleId, decision.Assignment.Level, decision.Assignment.UnitCode);
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Case {CaseId} routed by rule {RuleId} to {Level} {UnitCode}")]
    public static partial void Routed(ILogger logger, Guid caseId, string ruleId, string level, string unitCode);
}
