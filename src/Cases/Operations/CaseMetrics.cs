using System.Diagnostics.Metrics;
using Marten;
using Marten.Services;
using CallResponse.Contracts.Sla;

namespace CallResponse.Cases.Operations;

/// <summary>
/// Operational metrics of the case flow, counted from what was committed (a refused or failed
/// command counts nothing). Labels stay few and coarse — assignment level, breach kind, close
/// reason — and never carry a case, a person or their words.
/// </summary>
public sealed class CaseMetrics : DocumentSessionListenerBase
{
    public const string MeterName = "CallResponse.Cases";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Opened =
        Meter.CreateCounter<long>("cases.opened", description: "Cases opened from logged calls.");
    private static readonly Counter<long> Routed =
        Meter.CreateCounter<long>("cases.routed", description: "Assignments, by level and by rule or by hand.");
    private static readonly Counter<long> Claimed =
        Meter.CreateCounter<long>("cases.claimed", description: "Claims (认领).");
    private static readonly Counter<long> Returned =
        Meter.CreateCounter<long>("cases.returned", description: "Returns (退回).");
    private static readonly Counter<long> Resolved =
        Meter.CreateCounter<long>("cases.resolved", description: "Resolutions (办结).");
    private static readonly Counter<long> Reopened =
        Meter.CreateCounter<long>("cases.reopened", description: "Cases reopened after unsatisfied feedback.");
    private static readonly Counter<long> Closed =
        Meter.CreateCounter<long>("cases.closed", description: "Closures, by reason.");
    private static readonly Counter<long> Escalated =
        Meter.CreateCounter<long>("cases.escalated", description: "Escalations, by hand or after a breach.");
    private static readonly Counter<long> Breaches =
        Meter.CreateCounter<long>("cases.sla_breaches", description: "Deadlines passed unmet, by kind.");
    private static readonly Counter<long> Supervised = Meter.CreateCounter<long>(
        "cases.supervision_orders", description: "Supervision orders (督办单) opened on a breach, by deadline kind.");
    private static readonly Counter<long> Urged =
        Meter.CreateCounter<long>("cases.urged", description: "Urges (催办) by supervisors.");
    // Cases take minutes to days: buckets from a minute to twenty days, not the default milliseconds.
    private static readonly InstrumentAdvice<double> Durations = new()
    {
        HistogramBucketBoundaries =
        [
            60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 432000, 864000, 1728000,
        ],
    };

    private static readonly Histogram<double> TimeToClaim = Meter.CreateHistogram(
        "cases.time_to_claim",
        "s",
        "From assignment to claim (24x7 clock).",
        advice: Durations);
    private static readonly Histogram<double> TimeToResolve = Meter.CreateHistogram(
        "cases.time_to_resolve",
        "s",
        "From logging to resolution (24x7 clock).",
        advice: Durations);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var cases = commit.Updated.Concat(commit.Inserted).OfType<Case>()
            .GroupBy(found => found.Id)
            .ToDictionary(group => group.Key, group => group.Last());
        foreach (var @event in commit.GetEvents())
        {
            var current = cases.GetValueOrDefault(@event.StreamId);
            switch (@event.Data)
            {
                case CaseAccepted:
                    Opened.Add(1);
                    break;
                case CaseDispatched routed:
                    Routed.Add(
                        1,
                        new("level", routed.Assignment.Level),
                        new("by", routed.RuleId == "manual" ? "hand" : "rule"));
                    break;
                case CaseClaimed claimed:
                    Claimed.Add(1);
                    if (current?.RoutedAt is { } routedAt)
                    {
                        TimeToClaim.Record((claimed.ClaimedAt - routedAt).TotalSeconds);
                    }

                    break;
                case CaseReturned:
                    Returned.Add(1);
                    break;
                case CaseResolved resolved:
                    Resolved.Add(1);
                    if (current is not null)
                    {
                        TimeToResolve.Record((resolved.ResolvedAt - current.LoggedAt).TotalSeconds);
                    }

                    break;
                case CaseReopened:
                    Reopened.Add(1);
                    break;
                case CaseClosed closed:
                    Closed.Add(1, new KeyValuePair<string, object?>("reason", closed.Reason));
                    break;
                case CaseEscalated:
                    Escalated.Add(1);
                    break;
                case SlaBreachRecorded breached:
                    Breaches.Add(1, new KeyValuePair<string, object?>(
                        "kind",
                        DeadlineKinds.IsWhistle(breached.Kind) ? "whistle" : breached.Kind));
                    break;
                case SupervisionOrdered ordered:
                    Supervised.Add(1, new KeyValuePair<string, object?>("kind", ordered.DeadlineKind));
                    break;
                case CaseUrged:
                    Urged.Add(1);
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
