using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Clocks;

/// <summary>
/// The deadline clocks, for every service that reckons time limits: the SLA's deadlines and the cases' return
/// window (退单时限) count working time by the same calendar.
/// </summary>
public static class ClockExtensions
{
    /// <summary>Loads <c>Data/working-calendar.json</c> (a bad file stops the start) and registers the clock.</summary>
    public static IServiceCollection AddDeadlineClock(this IServiceCollection services) => services
        .AddSingleton(WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Data", "working-calendar.json")))
        .AddSingleton<SlaClock>();
}
