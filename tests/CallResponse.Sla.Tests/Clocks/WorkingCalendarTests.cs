using CallResponse.ServiceDefaults.Clocks;
using static CallResponse.Sla.Tests.Clocks.Shipped;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>The shipped calendar: the State Council's notices for 2025 and 2026, and 2027 by the statutory rules.</summary>
public sealed class WorkingCalendarTests
{
    [Theory]
    [InlineData("2025-11-17", true)] // an ordinary Monday
    [InlineData("2025-11-15", false)] // an ordinary Saturday
    [InlineData("2025-01-26", true)] // Spring Festival make-up Sunday
    [InlineData("2025-02-04", false)]
    [InlineData("2025-09-28", true)] // National Day make-up Sunday
    [InlineData("2025-10-08", false)] // National Day and Mid-Autumn, a Wednesday
    [InlineData("2025-10-09", true)]
    [InlineData("2025-10-11", true)] // National Day make-up Saturday
    [InlineData("2025-10-12", false)]
    [InlineData("2026-01-02", false)]
    [InlineData("2026-01-04", true)] // New Year make-up Sunday
    [InlineData("2026-02-14", true)] // Spring Festival make-up Saturday
    [InlineData("2026-02-23", false)] // 正月初七, a Monday
    [InlineData("2026-02-28", true)] // Spring Festival make-up Saturday
    [InlineData("2026-05-09", true)] // Labour Day make-up Saturday
    [InlineData("2026-06-19", false)]
    [InlineData("2026-09-20", true)] // National Day make-up Sunday
    [InlineData("2026-10-08", true)]
    [InlineData("2026-10-10", true)] // National Day make-up Saturday
    [InlineData("2027-02-05", false)] // 除夕 2027
    [InlineData("2027-02-09", true)]
    public void Knows_working_days(string date, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(Date(date)));
    }

    [Fact]
    public void Covers_2025_to_2027_and_only_2027_is_provisional()
    {
        Assert.Equal([2025, 2026, 2027], Calendar.Years);
        Assert.False(Calendar.IsProvisional(2025));
        Assert.False(Calendar.IsProvisional(2026));
        Assert.True(Calendar.IsProvisional(2027));
        Assert.Equal(TimeSpan.FromMinutes(450), Calendar.WorkingDayLength);
    }

    [Theory]
    [InlineData(2025, 28, 5)]
    [InlineData(2026, 33, 6)]
    [InlineData(2027, 13, 0)] // the statutory days only, no 调休 until the notice is out
    public void Holds_every_day_of_the_notices(int year, int daysOff, int workingWeekends)
    {
        Assert.Equal(daysOff, Calendar.Year(year).HolidayDates.Count);
        Assert.Equal(workingWeekends, Calendar.Year(year).WorkingWeekends.Count);
    }

    [Fact]
    public void The_provisional_2027_falls_on_the_lunar_dates()
    {
        var lunar = new System.Globalization.ChineseLunisolarCalendar();
        var newYear = Lunar(lunar, 2027, 1, 1);
        var year = Calendar.Year(2027);

        Assert.Equal(
            [newYear.AddDays(-1), newYear, newYear.AddDays(1), newYear.AddDays(2)],
            year.Holidays.Single(holiday => holiday.Name == "春节").Dates);
        Assert.Equal([Lunar(lunar, 2027, 5, 5)], year.Holidays.Single(holiday => holiday.Name == "端午节").Dates);
        Assert.Equal([Lunar(lunar, 2027, 8, 15)], year.Holidays.Single(holiday => holiday.Name == "中秋节").Dates);
    }

    [Theory]
    [InlineData("2024-12-31", 2024)]
    [InlineData("2028-01-03", 2028)]
    public void A_date_outside_the_covered_years_throws_naming_the_year(string date, int year)
    {
        var error = Assert.Throws<YearNotCoveredException>(() => Calendar.IsWorkingDay(Date(date)));

        Assert.Equal(year, error.Year);
        Assert.Contains($"does not cover {year} (it covers 2025, 2026, 2027)", error.Message);
    }

    private static DateOnly Lunar(System.Globalization.ChineseLunisolarCalendar lunar, int year, int month, int day)
    {
        // A leap month takes the place after its namesake, shifting the later months' numbers by one.
        var leap = lunar.GetLeapMonth(year);
        var index = leap != 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }
}
