namespace CallResponse.Contracts.Intake;

/// <summary>
/// A grid worker logged a resident's call (呼). Published by intake once the call is committed.
/// Carries no personal data: the resident's contact stays with intake.
/// </summary>
/// <param name="CaseId">The call's id, which every later service uses as the case id.</param>
/// <param name="TrackingNumber">Human tracking number, e.g. <c>LW-20261124-000123</c>.</param>
/// <param name="ItemCode">Response item (呼应启动事项) code from the catalogue.</param>
/// <param name="GridCode">Grid (网格) where the matter is.</param>
/// <param name="Description">What the resident reported.</param>
/// <param name="Channel">How the call came in: walk-in, phone, chat-group, patrol.</param>
/// <param name="ReportedAt">When the resident raised it.</param>
/// <param name="LoggedAt">When intake committed it.</param>
/// <param name="LoggedBy">Who logged it (<c>role:unit:user</c>).</param>
/// <param name="CommunityCode">The grid's community.</param>
/// <param name="StreetCode">The grid's street.</param>
/// <param name="DistrictCode">The grid's district.</param>
public sealed record CallLogged(
    Guid CaseId,
    string TrackingNumber,
    string ItemCode,
    string GridCode,
    string Description,
    string Channel,
    DateTimeOffset ReportedAt,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    string CommunityCode,
    string StreetCode,
    string DistrictCode);
