namespace CallResponse.Contracts.Sla;

// What the SLA service tells the rest of the system about a case's deadlines.

/// <summary>A deadline is near (by default 75% of its time has run): the responsible unit is warned.</summary>
/// <param name="Kind">response, resolution, feedback, or whistle:{department}.</param>
public sealed record SlaWarningIssued(
    Guid CaseId,
    Guid DeadlineId,
    string Kind,
    string UnitCode,
    DateTimeOffset DueAt,
    DateTimeOffset WarnedAt);

/// <summary>
/// A deadline passed unmet. The cases service records it and, for a response or resolution
/// deadline, escalates the case one level up (community → street → district; department → supervisor).
/// </summary>
public sealed record SlaBreached(
    Guid CaseId,
    Guid DeadlineId,
    string Kind,
    string UnitCode,
    DateTimeOffset DueAt,
    DateTimeOffset BreachedAt);

/// <summary>The feedback window after resolution lapsed without feedback: the case is closed.</summary>
public sealed record FeedbackWindowLapsed(Guid CaseId, DateTimeOffset LapsedAt);
