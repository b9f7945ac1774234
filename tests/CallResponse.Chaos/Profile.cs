namespace CallResponse.Chaos;

/// <summary>How big a run is: its load, its faults and how long what was accepted may take to drain.</summary>
/// <param name="Calls">Calls posted, each with its own Idempotency-Key.</param>
/// <param name="CallsPerSecond">The pace of new calls; retries of unknown outcomes come on top.</param>
/// <param name="LifecycleShare">The share of cases a liaison claims, resolves and a grid worker hears back on.</param>
/// <param name="Kills">SIGKILLs of services, some two at once.</param>
/// <param name="DatabaseOutages">
/// PostgreSQL stops (<c>-m immediate</c>); the first lasts <paramref name="LongOutage"/>.
/// </param>
/// <param name="BrokerRestarts">RabbitMQ stopped, or killed, and started again.</param>
/// <param name="BrokerFreezes">
/// RabbitMQ frozen (SIGSTOP) for <paramref name="FreezeFor"/>: it answers nothing, closes nothing.
/// </param>
/// <param name="BackendTerminations">Every backend of the services' database terminated at once.</param>
/// <param name="LongTransactions">A transaction held open for a minute.</param>
/// <param name="DrainWithin">How long after the last fault every accepted call must be through.</param>
public sealed record Profile(
    string Name,
    int Calls,
    double CallsPerSecond,
    double LifecycleShare,
    int Kills,
    int DatabaseOutages,
    TimeSpan LongOutage,
    int BrokerRestarts,
    int BrokerFreezes,
    TimeSpan FreezeFor,
    int BackendTerminations,
    int LongTransactions,
    TimeSpan DrainWithin)
{
    /// <summary>About five minutes: what <c>./deploy/test</c> runs on every build.</summary>
    public static readonly Profile Short = new(
        "short", Calls: 1_000, CallsPerSecond: 8, LifecycleShare: 0.1, Kills: 10, DatabaseOutages: 1,
        LongOutage: TimeSpan.FromSeconds(20), BrokerRestarts: 1, BrokerFreezes: 0, FreezeFor: TimeSpan.FromSeconds(45),
        BackendTerminations: 1, LongTransactions: 0, DrainWithin: TimeSpan.FromMinutes(3));

    /// <summary>The proof: 10,000 calls through every kind of fault, well under 30 minutes.</summary>
    public static readonly Profile Full = new(
        "full", Calls: 10_000, CallsPerSecond: 14, LifecycleShare: 0.1, Kills: 52, DatabaseOutages: 3,
        LongOutage: TimeSpan.FromSeconds(90), BrokerRestarts: 3, BrokerFreezes: 1, FreezeFor: TimeSpan.FromSeconds(45),
        BackendTerminations: 3, LongTransactions: 2, DrainWithin: TimeSpan.FromMinutes(6));

    /// <summary>How long the calls take to post at their pace: the faults fall inside this window.</summary>
    public TimeSpan LoadFor => TimeSpan.FromSeconds(Calls / CallsPerSecond);

    public static Profile? Named(string name) => name switch
    {
        "short" => Short,
        "full" => Full,
        _ => null,
    };
}
