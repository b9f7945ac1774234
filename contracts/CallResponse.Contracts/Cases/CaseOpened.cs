namespace CallResponse.Contracts.Cases;

/// <summary>A case was opened for a logged call and now waits for routing.</summary>
/// <param name="StreetCode">The grid's street (added in v1.1; null from older publishers).</param>
public sealed record CaseOpened(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    DateTimeOffset ReportedAt,
    DateTimeOffset OpenedAt,
    string? StreetCode = null);
