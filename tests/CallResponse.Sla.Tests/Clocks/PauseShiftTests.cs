using CallResponse.ServiceDefaults.Clocks;
using static CallResponse.Sla.Tests.Clocks.Shipped;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>
/// A paused deadline (挂起) moves later by the time its pause took on its own clock: the wall clock's for 24×7, the
/// working time that elapsed in the pause for the working clock.
/// </summary>
public sealed class PauseShiftTests
{
    [Fact]
    public void A_working_deadline_moves_by_the_working_time_the_pause_took()
    {
        // Paused Friday 16:00, resumed Monday 11:00: two working hours on Friday, two on Monday.
        var shift = Clock.WorkingTimeBetween(Cst("2025-11-14 16:00"), Cst("2025-11-17 11:00"));

        Assert.Equal(TimeSpan.FromHours(4), shift);
        Assert.Equal(Cst("2025-11-17 16:30"), Clock.Later(Cst("2025-11-17 11:00"), shift, SlaClock.Working));
    }

    [Fact]
    public void A_pause_over_a_weekend_moves_a_working_deadline_by_nothing()
    {
        var shift = Clock.WorkingTimeBetween(Cst("2025-11-15 10:00"), Cst("2025-11-16 10:00"));

        Assert.Equal(Cst("2025-11-18 10:00"), Clock.Later(Cst("2025-11-18 10:00"), shift, SlaClock.Working));
    }

    [Fact]
    public void A_24x7_deadline_moves_by_the_wall_clock() =>
        Assert.Equal(
            Cst("2025-11-16 13:30"),
            Clock.Later(Cst("2025-11-15 10:00"), TimeSpan.FromHours(27.5), SlaClock.TwentyFourSeven));
}
