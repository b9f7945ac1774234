namespace CallResponse.Intake.Calls;

/// <summary>
/// A grid worker logged a resident's call (呼). The stored event holds no personal data: the
/// resident's contact is a separate <see cref="ResidentContact"/> document, written in the same
/// transaction, so erasing it leaves the history whole. <paramref name="RequestHash"/> tells a retry
/// under the same Idempotency-Key from another call (calls logged before it was kept have none).
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
    bool HasResidentContact,
    string? CommunityCode = null,
    string? StreetCode = null,
    string? DistrictCode = null,
    string? RequestHash = null);

/// <summary>Someone read the resident's contact in full (to call back): who and when, never what.</summary>
public sealed record ContactRead(Guid CallId, string ReadBy, DateTimeOffset ReadAt);

/// <summary>The resident's contact was erased on request (PIPL): the document is gone, this remains.</summary>
public sealed record ContactErased(Guid CallId, string ErasedBy, string Reason, DateTimeOffset ErasedAt);

/// <summary>A logged call, folded from its stream.</summary>
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
    bool HasResidentContact,
    CallResponse.ServiceDefaults.Auth.Place Place,
    string? RequestHash)
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
        logged.HasResidentContact,
        new(
            logged.GridCode,
            logged.CommunityCode ?? string.Empty,
            logged.StreetCode ?? string.Empty,
            logged.DistrictCode ?? string.Empty),
        logged.RequestHash);

    public Call Apply(ContactRead read) => this;

    public Call Apply(ContactErased erased) => this with { HasResidentContact = false };
}
