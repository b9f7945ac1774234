using System.Globalization;
using CallResponse.ServiceDefaults.Clocks;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>The working calendar shipped with the service, loaded as the service loads it.</summary>
internal static class Shipped
{
    public static readonly WorkingCalendar Calendar =
        WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Data", "working-calendar.json"));

    public static readonly SlaClock Clock = new(Calendar);

    /// <summary>A wall-clock time in China Standard Time, e.g. <c>2025-09-30 16:00</c> or <c>2025-09-30 17:07:30</c>.</summary>
    public static DateTimeOffset Cst(string localTime) =>
        DateTimeOffset.ParseExact($"{localTime} +08:00", ["yyyy-MM-dd HH:mm zzz", "yyyy-MM-dd HH:mm:ss zzz"], CultureInfo.InvariantCulture);

    public static DateOnly Date(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
