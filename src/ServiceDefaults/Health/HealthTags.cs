namespace CallResponse.ServiceDefaults.Health;

/// <summary>Tags that select which checks <c>/health/ready</c> runs.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
