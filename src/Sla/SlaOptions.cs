namespace CallResponse.Sla;

/// <summary>Settings under <c>Sla</c>: the policy's knobs, with the defaults a district would start from.</summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    /// <summary>How far into a deadline's time its warning goes out (0.75 = when 75% has run).</summary>
    public double WarningShare { get; set; } = 0.75;

    /// <summary>How long the resident has to give feedback after resolution before the case closes (24×7).</summary>
    public string FeedbackWindow { get; set; } = "P3D";

    /// <summary>Targets for a case whose item is not in the catalogue (it waits at a triage desk).</summary>
    public string DefaultResponseTarget { get; set; } = "PT4H";

    public string DefaultResolutionTarget { get; set; } = "P5D";

    /// <summary>
    /// Multiplies every computed deadline interval: 1 in operation; tests and drills shrink minutes
    /// to seconds with it (e.g. 0.002). Never below 0.0001.
    /// </summary>
    public double TargetScale { get; set; } = 1;

    /// <summary>How often the deadline poller looks for what has fallen due (and the relay for notices).</summary>
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a fired wake-up waits for the state machine to handle it before it fires again (its
    /// message refused, lost or parked). Longer than the state machine takes with a backlog of wake-ups.
    /// Also how long a notice being published is held from another relay (its process may have died).
    /// </summary>
    public TimeSpan WakeupLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the poller (or relay) waits for the broker to confirm a batch before it gives up.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
