using CallResponse.ServiceDefaults.Auth;

namespace CallResponse.Intake.Calls;

/// <summary>
/// A grid worker logged a resident's call (呼, 登记). The stored event holds no personal data: the
/// resident's contact is a separate <see cref="ResidentContact"/> document, written in the same
/// transaction, so erasing it leaves the history whole. <paramref name="RequestHash"/> tells a retry
/// under the same Idempotency-Key from another call. Stored as <c>call_logged</c>, its name since the first call.
/// </summary>
public sealed record CallRegistered(
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
    string CommunityCode,
    string StreetCode,
    string DistrictCode,
    string RequestHash);

/// <summary>Someone read the resident's contact in full (to call back): who and when, never what.</summary>
public sealed record ContactRead(Guid CallId, string ReadBy, DateTimeOffset ReadAt);

/// <summary>The resident's contact was erased on request (PIPL): the document is gone, this remains.</summary>
public sealed record ContactErased(Guid CallId, string ErasedBy, string Reason, DateTimeOffset ErasedAt);

/// <summary>
/// A logged call, folded from its stream: what was registered, and whether the resident's contact is still kept.
/// </summary>
public sealed record Call(Guid Id, CallRegistered Registered, bool HasResidentContact)
{
    /// <summary>Where the matter is.</summary>
    public Place Place =>
        new(Registered.GridCode, Registered.CommunityCode, Registered.StreetCode, Registered.DistrictCode);

    public static Call Create(CallRegistered registered) =>
        new(registered.CallId, registered, registered.HasResidentContact);

    public Call Apply(ContactRead read) => this;

    public Call Apply(ContactErased erased) => this with { HasResidentContact = false };
}
