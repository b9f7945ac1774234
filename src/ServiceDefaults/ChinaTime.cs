namespace CallResponse.ServiceDefaults;

/// <summary>
/// China Standard Time, UTC+08:00 all year (China keeps no daylight saving). Instants are stored in
/// UTC; days, working hours, periods and tracking numbers are reckoned in this offset.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);
}
