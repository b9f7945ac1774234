using CallResponse.ServiceDefaults.Clocks;
using static CallResponse.Sla.Tests.Clocks.Shipped;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>Working time between instants, and the warning point before a deadline.</summary>
public sealed class WorkingTimeTests
{
    [Theory]
    [InlineData("2025-11-14 16:00", "2025-11-17 11:00", "04:00:00")] // across a weekend
    [InlineData("2025-09-26 09:00", "2025-10-13 09:00", "2.04:30:00")] // 7 working days, make-up 9/28 and 10/11 included
    [InlineData("2025-12-31 17:00", "2026-01-05 10:00", "09:30:00")] // 1h + make-up Sunday 1/4 + 1h
    [InlineData("2025-11-18 12:00", "2025-11-18 13:30", "00:00:00")] // the lunch break
    [InlineData("2025-10-02 10:00", "2025-10-05 10:00", "00:00:00")] // inside a holiday
    [InlineData("2025-11-18 10:00", "2025-11-18 10:00", "00:00:00")]
    public void Working_time_between(string from, string to, string expected)
    {
        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Clock.WorkingTimeBetween(Cst(from), Cst(to)));
    }

    [Theory]
    [InlineData("2025-11-14 16:00", "PT4H", "04:00:00")]
    [InlineData("2025-09-30 23:59", "P1D", "07:30:00")]
    [InlineData("2026-02-13 11:15", "P2D", "15:00:00")]
    [InlineData("2025-12-31 12:45", "P1DT30M", "08:00:00")]
    public void The_working_time_to_a_deadline_is_its_target(string start, string target, string expected)
    {
        var due = Clock.DueAt(Cst(start), target, SlaClock.Working);

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Clock.WorkingTimeBetween(Cst(start), due));
    }

    [Fact]
    public void Working_time_backwards_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.WorkingTimeBetween(Cst("2025-11-18 10:00"), Cst("2025-11-18 09:00")));

    [Fact]
    public void Working_time_into_an_uncovered_year_names_it()
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Clock.WorkingTimeBetween(Cst("2027-12-30 10:00"), Cst("2028-01-03 10:00")));

        Assert.Equal(2028, error.Year);
    }

    [Theory]
    [InlineData("2025-11-14 16:00", "2025-11-17 11:00", 0.75, "2025-11-17 10:00")] // 3h of 4h: 2h Friday, 1h Monday
    [InlineData("2025-09-30 10:00", "2025-10-09 10:00", 0.75, "2025-09-30 17:07:30")] // P1D across National Day
    [InlineData("2025-11-17 09:00", "2025-11-17 14:30", 0.75, "2025-11-17 12:00")] // lands at the lunch break: its start
    [InlineData("2025-11-14 16:00", "2025-11-17 11:00", 0.0, "2025-11-14 16:00")]
    [InlineData("2025-11-14 16:00", "2025-11-17 11:00", 1.0, "2025-11-17 11:00")]
    public void Warns_at_a_share_of_the_working_time(string start, string due, double share, string expected)
    {
        Assert.Equal(Cst(expected), Clock.WarnAt(Cst(start), Cst(due), share, SlaClock.Working));
    }

    [Fact]
    public void Warns_at_a_share_of_the_elapsed_time_on_the_24x7_clock()
    {
        var warn = Clock.WarnAt(Cst("2025-12-31 23:55"), Cst("2026-01-01 00:05"), 0.75, SlaClock.TwentyFourSeven);

        Assert.Equal(Cst("2026-01-01 00:02:30"), warn);
        Assert.Equal(TimeSpan.Zero, warn.Offset);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_share_outside_zero_to_one_is_refused(double share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.WarnAt(Cst("2025-11-14 16:00"), Cst("2025-11-17 11:00"), share, SlaClock.Working));

    [Fact]
    public void A_deadline_before_its_start_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.WarnAt(Cst("2025-11-17 11:00"), Cst("2025-11-14 16:00"), 0.75, SlaClock.TwentyFourSeven));
}
