namespace CallResponse.Contracts.Cases;

/// <summary>A case was opened for a logged call and now waits for routing.</summary>
/// <param name="StreetCode">The grid's street.</param>
public sealed record CaseOpened(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    DateTimeOffset ReportedAt,
    DateTimeOffset OpenedAt,
    string StreetCode);
