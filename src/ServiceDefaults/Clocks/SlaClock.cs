using CallResponse.ServiceDefaults;

namespace CallResponse.ServiceDefaults.Clocks;

/// <summary>
/// Deadline arithmetic on the two SLA clocks. Pure: the answers depend only on the arguments and the
/// (immutable) working calendar. Instants go in with any offset and come out in UTC; working time
/// is reckoned in China Standard Time (UTC+08:00, no daylight saving).
/// </summary>
/// <remarks>
/// <para><b>24x7</b>: the duration is added to the instant (<c>P1D</c> is 24 hours).</para>
/// <para><b>working</b>: only working time counts — inside <see cref="WorkingCalendar.WorkingHours"/> on
/// working days. <c>PT4H</c> is 4 hours of working time. <c>P&lt;n&gt;D</c> is n whole working days, that
/// is n × <see cref="WorkingCalendar.WorkingDayLength"/> (7h30m) of working time, so a case started inside
/// working hours is due at the same time of day on the nth following working day. Time outside working
/// hours does not count: a case started in the evening, at night, on a day off or in the lunch break
/// starts counting when the next working period begins. The deadline is the <i>earliest</i> instant at
/// which the working time has run: one that runs out exactly at the end of a period is due at that end
/// (12:00 or 18:00), never at the start of the next. Hence a case logged at 20:00 on a Friday with
/// <c>P1D</c> is due at 18:00 on the next working day, and one logged at exactly 09:00 on a working day
/// is due at 18:00 the same day. Days and time together (<c>P1DT2H</c>) add up as working time.</para>
/// </remarks>
public sealed class SlaClock(WorkingCalendar calendar)
{
    /// <summary>The round-the-clock clock of urgent items.</summary>
    public const string TwentyFourSeven = "24x7";

    /// <summary>The working-time clock of ordinary items.</summary>
    public const string Working = "working";

    /// <summary>
    /// When a target of <paramref name="isoDuration"/> on <paramref name="clock"/> falls due, in UTC.
    /// </summary>
    /// <exception cref="FormatException">
    /// <paramref name="isoDuration"/> is not a positive duration of days, hours, minutes or seconds.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="clock"/> is neither <c>24x7</c> nor <c>working</c>.
    /// </exception>
    /// <exception cref="YearNotCoveredException">
    /// On the working clock, the reckoning reaches a year the calendar does not cover.
    /// </exception>
    public DateTimeOffset DueAt(DateTimeOffset start, string isoDuration, string clock)
    {
        var target = SlaDuration.Parse(isoDuration);
        return clock switch
        {
            TwentyFourSeven => (start + TimeSpan.FromDays(target.Days) + target.Time).ToUniversalTime(),
            Working => AddWorkingTime(start, (calendar.WorkingDayLength * target.Days) + target.Time),
            _ => throw UnknownClock(clock),
        };
    }

    /// <summary>The working time between two instants: the time inside working hours on working days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="to"/> is before <paramref name="from"/>.
    /// </exception>
    /// <exception cref="YearNotCoveredException">
    /// A day between them is in a year the calendar does not cover.
    /// </exception>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        var total = TimeSpan.Zero;
        for (var day = ChinaTime.DayOf(from); day <= ChinaTime.DayOf(to); day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            foreach (var period in calendar.WorkingHours)
            {
                var overlap = Min(to, At(day, period.To)) - Max(from, At(day, period.From));
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// The warning point: <paramref name="share"/> of the way from <paramref name="start"/> to
    /// <paramref name="due"/>, measured on <paramref name="clock"/> — on the working clock, 0.75 is the
    /// instant when 75% of the working time between them has run.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="share"/> is not between 0 and 1, or <paramref name="due"/> is before <paramref name="start"/>.
    /// </exception>
    public DateTimeOffset WarnAt(DateTimeOffset start, DateTimeOffset due, double share, string clock)
    {
        if (!(share is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(share),
                share,
                "The share of the way to the deadline must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(due, start);
        return clock switch
        {
            TwentyFourSeven => (start + ((due - start) * share)).ToUniversalTime(),
            Working => AddWorkingTime(start, WorkingTimeBetween(start, due) * share),
            _ => throw UnknownClock(clock),
        };
    }

    /// <summary>
    /// <paramref name="instant"/> moved later by <paramref name="amount"/> of <paramref name="clock"/>'s time: on the
    /// working clock, the instant at which that much working time has run since it (a paused deadline, 挂起, moves by
    /// the working time its pause took).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="clock"/> is neither <c>24x7</c> nor <c>working</c>.
    /// </exception>
    public DateTimeOffset Later(DateTimeOffset instant, TimeSpan amount, string clock) => clock switch
    {
        TwentyFourSeven => (instant + amount).ToUniversalTime(),
        Working => amount <= TimeSpan.Zero ? instant.ToUniversalTime() : AddWorkingTime(instant, amount),
        _ => throw UnknownClock(clock),
    };

    /// <summary>
    /// The earliest instant at which <paramref name="amount"/> of working time has run since <paramref name="start"/>.
    /// </summary>
    private DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        var remaining = amount;
        if (remaining <= TimeSpan.Zero)
        {
            return start.ToUniversalTime();
        }

        // Ends: a year the calendar does not cover throws before the loop can run away.
        for (var day = ChinaTime.DayOf(start); ; day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            foreach (var period in calendar.WorkingHours)
            {
                var from = Max(start, At(day, period.From));
                var available = At(day, period.To) - from;
                if (available <= TimeSpan.Zero)
                {
                    continue;
                }

                if (remaining <= available)
                {
                    return (from + remaining).ToUniversalTime();
                }

                remaining -= available;
            }
        }
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) =>
        new(day.ToDateTime(time), ChinaTime.Offset);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static ArgumentException UnknownClock(string clock) =>
        new($"'{clock}' is not a clock: use '{TwentyFourSeven}' or '{Working}'.", nameof(clock));
}
