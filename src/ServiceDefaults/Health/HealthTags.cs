namespace CallResponse.ServiceDefaults.Health;

/// <summary>
/// Tags that select checks: <c>/health/ready</c> runs the <see cref="Ready"/> ones (can the service take
/// requests now); <c>/health</c>, an operator's or a monitor's view, runs every check, the
/// <see cref="Operations"/> ones too (work that is parked or falling behind).
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";

    public const string Operations = "operations";
}
