namespace CallResponse.ServiceDefaults;

/// <summary>
/// China Standard Time, UTC+08:00 all year (China keeps no daylight saving). Instants are stored in
/// UTC; days, working hours, periods and tracking numbers are reckoned in this offset.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The day an instant falls on in China.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
