namespace CallResponse.Intake.Calls;

/// <summary>
/// A grid worker logged a resident's call (呼). The stored event holds no personal data: the
/// resident's contact is a separate <see cref="ResidentContact"/> document, written in the same
/// transaction, so erasing it leaves the history whole.
/// </summary>
public sealed record CallLogged(
    Guid CallId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    bool HasResidentContact);

/// <summary>A logged call, folded from its stream (one event today).</summary>
public sealed record Call(
    Guid Id,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    bool HasResidentContact)
{
    public static Call Create(CallLogged logged) => new(
        logged.CallId,
        logged.TrackingNumber,
        logged.ItemCode,
        logged.GridCode,
        logged.Description,
        logged.Channel,
        logged.ReportedAt,
        logged.LoggedAt,
        logged.LoggedBy,
        logged.HasResidentContact);
}
