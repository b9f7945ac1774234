using CallResponse.ServiceDefaults.Clocks;
using static CallResponse.Sla.Tests.Clocks.Shipped;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>Deadlines on both clocks, on the shipped calendar (09:00–12:00, 13:30–18:00, China Standard Time).</summary>
public sealed class DueAtTests
{
    [Theory]
    // Ordinary weeks.
    [InlineData("2025-11-14 16:00", "PT4H", "2025-11-17 11:00")] // Friday afternoon, across the weekend
    [InlineData("2025-11-18 11:00", "PT2H", "2025-11-18 14:30")] // across the lunch break
    [InlineData("2025-11-18 12:30", "PT30M", "2025-11-18 14:00")] // logged in the lunch break
    [InlineData("2025-11-18 07:00", "PT30M", "2025-11-18 09:30")] // logged before hours
    [InlineData("2025-11-18 09:00", "PT3H", "2025-11-18 12:00")] // runs out at a period's end: that end, not 13:30
    // National Day and Mid-Autumn 2025: 10/1–10/8 off, Sunday 9/28 and Saturday 10/11 worked.
    [InlineData("2025-09-27 10:00", "PT4H", "2025-09-28 14:30")] // Saturday off, make-up Sunday worked
    [InlineData("2025-09-30 16:00", "PT4H", "2025-10-09 11:00")] // across the eight days off
    [InlineData("2025-10-10 17:00", "PT4H", "2025-10-11 12:00")] // into the make-up Saturday
    [InlineData("2025-09-30 10:00", "P1D", "2025-10-09 10:00")]
    [InlineData("2025-10-10 15:00", "P2D", "2025-10-13 15:00")] // Saturday 10/11 is the first working day
    // Logged at 23:59 on a holiday eve.
    [InlineData("2025-09-30 23:59", "PT4H", "2025-10-09 14:30")]
    [InlineData("2025-09-30 23:59", "P1D", "2025-10-09 18:00")]
    [InlineData("2026-02-14 23:59", "P1D", "2026-02-24 18:00")] // the make-up Saturday before Spring Festival
    // Spring Festival 2026: 2/15–2/23 off, Saturdays 2/14 and 2/28 worked.
    [InlineData("2026-02-13 15:00", "P1D", "2026-02-14 15:00")]
    [InlineData("2026-02-14 10:00", "PT8H", "2026-02-24 10:30")]
    [InlineData("2026-02-27 14:00", "P2D", "2026-03-02 14:00")]
    // The change of year: 2026/1/1–1/3 off, Sunday 1/4 worked.
    [InlineData("2025-12-31 16:00", "P2D", "2026-01-05 16:00")]
    [InlineData("2025-12-31 16:00", "PT4H", "2026-01-04 11:00")]
    // Whole working days from outside working hours: due at the close of the nth working day.
    [InlineData("2025-05-30 20:00", "P1D", "2025-06-03 18:00")] // Friday evening before the Dragon Boat Monday
    [InlineData("2026-04-03 20:00", "P1D", "2026-04-07 18:00")] // Friday evening before the Qingming Monday
    [InlineData("2025-11-15 10:00", "P2D", "2025-11-18 18:00")] // logged on a Saturday
    [InlineData("2025-11-18 09:00", "P1D", "2025-11-18 18:00")] // exactly at opening: the whole day
    [InlineData("2025-11-18 09:01", "P1D", "2025-11-19 09:01")]
    [InlineData("2025-11-18 10:00", "P1DT2H", "2025-11-19 12:00")]
    // A provisional year computes like any other: 2027's statutory Spring Festival is 2/5–2/8.
    [InlineData("2027-02-04 17:00", "P1D", "2027-02-09 17:00")]
    public void On_the_working_clock(string start, string target, string due)
    {
        Assert.Equal(Cst(due), Clock.DueAt(Cst(start), target, SlaClock.Working));
    }

    [Theory]
    [InlineData("2025-12-31 23:55", "PT10M", "2026-01-01 00:05")] // minutes across midnight and the year
    [InlineData("2025-10-01 23:50", "PT30M", "2025-10-02 00:20")] // holidays do not stop it
    [InlineData("2025-10-01 10:00", "P1D", "2025-10-02 10:00")]
    [InlineData("2030-06-01 12:00", "PT10M", "2030-06-01 12:10")] // needs no calendar
    public void On_the_24x7_clock(string start, string target, string due)
    {
        Assert.Equal(Cst(due), Clock.DueAt(Cst(start), target, SlaClock.TwentyFourSeven));
    }

    [Theory]
    [InlineData(SlaClock.Working)]
    [InlineData(SlaClock.TwentyFourSeven)]
    public void Answers_in_UTC_whatever_the_offset_of_the_start(string clock)
    {
        var due = Clock.DueAt(Cst("2025-11-14 16:00"), "PT4H", clock);

        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void A_reckoning_that_reaches_an_uncovered_year_names_it()
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Clock.DueAt(Cst("2027-12-31 17:00"), "PT4H", SlaClock.Working));

        Assert.Equal(2028, error.Year);
        Assert.Contains("does not cover 2028", error.Message);
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1W")]
    [InlineData("PT0M")]
    [InlineData("PT")]
    [InlineData("PT1.5H")]
    [InlineData("four hours")]
    public void An_unsupported_duration_is_refused(string target)
    {
        var error = Assert.Throws<FormatException>(() => Clock.DueAt(Cst("2025-11-18 10:00"), target, SlaClock.Working));

        Assert.Contains($"'{target}'", error.Message);
    }

    [Fact]
    public void An_unknown_clock_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Clock.DueAt(Cst("2025-11-18 10:00"), "PT4H", "lunar"));

        Assert.Contains("'lunar' is not a clock", error.Message);
    }
}
