namespace CallResponse.Contracts.Routing;

/// <summary>The values of <see cref="Assignment.Level"/>.</summary>
public static class AssignmentLevels
{
    public const string Grid = "grid";
    public const string Community = "community";
    public const string Street = "street";
    public const string Department = "department";
    public const string TriageDesk = "triage-desk";
}
