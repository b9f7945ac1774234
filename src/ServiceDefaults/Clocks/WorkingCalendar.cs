namespace CallResponse.ServiceDefaults.Clocks;

/// <summary>
/// China's working calendar (工作日历): which days are working days, and the working hours on them.
/// A working day is Monday to Friday unless it is a public holiday, or a Saturday or Sunday listed as
/// an adjusted working day (调休上班). Loaded from <c>Data/working-calendar.json</c>, which holds the
/// State Council's holiday notices year by year; see <c>docs/sla-clocks.md</c>.
/// </summary>
/// <remarks>
/// The calendar knows only the years in its file: asking about any other year throws
/// <see cref="YearNotCoveredException"/> instead of guessing that the day is ordinary.
/// </remarks>
public sealed class WorkingCalendar
{
    /// <summary>The only time zone the calendar runs in: China Standard Time, UTC+08:00 all year.</summary>
    public const string TimeZoneId = "Asia/Shanghai";

    private readonly Dictionary<int, CalendarYear> years;

    internal WorkingCalendar(IReadOnlyList<WorkingPeriod> workingHours, IEnumerable<CalendarYear> years)
    {
        WorkingHours = workingHours;
        WorkingDayLength = workingHours.Aggregate(TimeSpan.Zero, (total, period) => total + period.Length);
        this.years = years.ToDictionary(year => year.Year);
        Years = [.. this.years.Keys.Order()];
    }

    /// <summary>The working periods of every working day, in order, e.g. 09:00–12:00 and 13:30–18:00.</summary>
    public IReadOnlyList<WorkingPeriod> WorkingHours { get; }

    /// <summary>The working time in one working day (7h30m with the shipped hours): the length of <c>P1D</c>.</summary>
    public TimeSpan WorkingDayLength { get; }

    /// <summary>The years the calendar covers, in order.</summary>
    public IReadOnlyList<int> Years { get; }

    /// <summary>
    /// Loads and validates a calendar file; a bad file fails with the file, the field and the reason.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks a rule.</exception>
    public static WorkingCalendar Load(string path) => WorkingCalendarFile.Parse(File.ReadAllText(path), path);

    public bool Covers(int year) => years.ContainsKey(year);

    /// <summary>
    /// Whether the year's dates are derived from the statutory rules, before the notice is published.
    /// </summary>
    public bool IsProvisional(int year) => Year(year).Provisional;

    /// <summary>Whether <paramref name="date"/> (a day in China Standard Time) is a working day.</summary>
    /// <exception cref="YearNotCoveredException">The calendar does not cover the date's year.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        var year = Year(date.Year);
        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? year.WorkingWeekends.Contains(date)
            : !year.HolidayDates.Contains(date);
    }

    internal CalendarYear Year(int year) =>
        years.TryGetValue(year, out var found) ? found : throw new YearNotCoveredException(year, Years);
}

/// <summary>A working period of a day, from its start (inclusive) to its end, in China Standard Time.</summary>
public readonly record struct WorkingPeriod(TimeOnly From, TimeOnly To)
{
    public TimeSpan Length => To - From;
}

/// <summary>A public holiday (e.g. 春节) and the days off the notice gives for it.</summary>
internal sealed record Holiday(string Name, IReadOnlyList<DateOnly> Dates);

/// <summary>One year of the calendar: its holidays and its adjusted working weekends (调休).</summary>
internal sealed record CalendarYear(
    int Year,
    bool Provisional,
    IReadOnlyList<Holiday> Holidays,
    IReadOnlySet<DateOnly> WorkingWeekends)
{
    public IReadOnlySet<DateOnly> HolidayDates { get; } = Holidays.SelectMany(holiday => holiday.Dates).ToHashSet();
}

/// <summary>
/// A date falls in a year the working calendar does not cover, so whether it is a working day is unknown.
/// </summary>
public sealed class YearNotCoveredException(int year, IReadOnlyList<int> covered)
    : InvalidOperationException(
        $"The working calendar does not cover {year} (it covers {string.Join(", ", covered)}): "
            + $"add {year} from the State Council's holiday notice to Data/working-calendar.json "
            + $"(see docs/sla-clocks.md).")
{
    public int Year { get; } = year;
}
