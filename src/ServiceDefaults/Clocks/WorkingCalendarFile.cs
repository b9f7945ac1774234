using System.Globalization;
using System.Text.Json;

namespace CallResponse.ServiceDefaults.Clocks;

/// <summary>
/// Reads and validates <c>Data/working-calendar.json</c>: every problem is reported with the file,
/// the field path and the reason, e.g. <c>years[1].holidays[2].dates[0]: '2026-02-30' is not a date</c>.
/// </summary>
internal static class WorkingCalendarFile
{
    private static readonly JsonSerializerOptions Options = Data.DataFile.Options;

    public static WorkingCalendar Parse(string json, string source)
    {
        CalendarDocument document;
        try
        {
            document = JsonSerializer.Deserialize<CalendarDocument>(json, Options)
                ?? throw new InvalidDataException($"{source}: the file is empty (null).");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException(
                $"{source}: line {exception.LineNumber + 1}, field '{exception.Path}': {exception.Message}", exception);
        }

        var errors = new List<string>();
        var workingHours = ReadWorkingHours(document, errors);
        var years = ReadYears(document, errors);
        if (document.TimeZone != WorkingCalendar.TimeZoneId)
        {
            errors.Add($"timeZone: '{document.TimeZone}' is not supported: the clocks run on China Standard Time, "
                + $"'{WorkingCalendar.TimeZoneId}' (UTC+08:00)");
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join(
                Environment.NewLine,
                errors.Select(error => $"{source}: {error}")));
        }

        return new WorkingCalendar(workingHours, years);
    }

    private static List<WorkingPeriod> ReadWorkingHours(CalendarDocument document, List<string> errors)
    {
        if (document.WorkingHours.Count == 0)
        {
            errors.Add("workingHours: at least one period is required");
        }

        var periods = new List<WorkingPeriod>();
        for (var p = 0; p < document.WorkingHours.Count; p++)
        {
            var field = $"workingHours[{p}]";
            var entry = document.WorkingHours[p];
            var fromIsTime = TryTime(errors, $"{field}.from", entry.From, out var from);
            var toIsTime = TryTime(errors, $"{field}.to", entry.To, out var to);
            if (!fromIsTime || !toIsTime)
            {
                continue;
            }

            if (to <= from)
            {
                errors.Add($"{field}.to: '{entry.To}' is not after from ('{entry.From}')");
                continue;
            }

            if (periods.Count > 0 && from < periods[^1].To)
            {
                errors.Add($"{field}.from: '{entry.From}' is before the end of the previous period "
                    + $"('{periods[^1].To:HH\\:mm}'): periods must be in order and must not overlap");
                continue;
            }

            periods.Add(new WorkingPeriod(from, to));
        }

        return periods;
    }

    private static List<CalendarYear> ReadYears(CalendarDocument document, List<string> errors)
    {
        if (document.Years.Count == 0)
        {
            errors.Add("years: at least one year is required");
        }

        var years = new List<CalendarYear>();
        for (var y = 0; y < document.Years.Count; y++)
        {
            var entry = document.Years[y];
            var field = $"years[{y}]";
            if (years.Any(year => year.Year == entry.Year))
            {
                errors.Add($"{field}.year: {entry.Year} appears twice");
            }

            if (string.IsNullOrWhiteSpace(entry.Source))
            {
                errors.Add($"{field}.source: is required: name the notice (or the rule) the dates come from");
            }

            // The field where each date was first seen, to name both places when one repeats.
            var seen = new Dictionary<DateOnly, string>();
            var holidays = new List<Holiday>();
            for (var h = 0; h < entry.Holidays.Count; h++)
            {
                var holiday = entry.Holidays[h];
                if (string.IsNullOrWhiteSpace(holiday.Name))
                {
                    errors.Add($"{field}.holidays[{h}].name: is required");
                }

                if (holiday.Dates.Count == 0)
                {
                    errors.Add($"{field}.holidays[{h}].dates: at least one date is required");
                }

                var dates = new List<DateOnly>();
                for (var d = 0; d < holiday.Dates.Count; d++)
                {
                    var dateField = $"{field}.holidays[{h}].dates[{d}]";
                    if (TryDateInYear(errors, dateField, holiday.Dates[d], entry.Year, out var date)
                        && Unseen(errors, seen, dateField, date, holiday.Dates[d]))
                    {
                        dates.Add(date);
                    }
                }

                holidays.Add(new Holiday(holiday.Name, dates));
            }

            var workingWeekends = new HashSet<DateOnly>();
            for (var w = 0; w < entry.WorkingWeekends.Count; w++)
            {
                var weekend = entry.WorkingWeekends[w];
                var dateField = $"{field}.workingWeekends[{w}].date";
                if (!TryDateInYear(errors, dateField, weekend.Date, entry.Year, out var date)
                    || !Unseen(errors, seen, dateField, date, weekend.Date))
                {
                    continue;
                }

                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    errors.Add($"{dateField}: '{weekend.Date}' is a {date.DayOfWeek}, not a Saturday or Sunday");
                    continue;
                }

                workingWeekends.Add(date);
            }

            years.Add(new CalendarYear(entry.Year, entry.Provisional, holidays, workingWeekends));
        }

        return years;
    }

    private static bool TryTime(List<string> errors, string field, string value, out TimeOnly time)
    {
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return true;
        }

        errors.Add($"{field}: '{value}' is not a time of day (HH:mm)");
        return false;
    }

    private static bool TryDateInYear(List<string> errors, string field, string value, int year, out DateOnly date)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors.Add($"{field}: '{value}' is not a date (yyyy-MM-dd)");
            return false;
        }

        if (date.Year != year)
        {
            errors.Add($"{field}: '{value}' is not in {year}");
            return false;
        }

        return true;
    }

    private static bool Unseen(
        List<string> errors,
        Dictionary<DateOnly, string> seen,
        string field,
        DateOnly date,
        string value)
    {
        if (seen.TryGetValue(date, out var first))
        {
            errors.Add($"{field}: '{value}' appears twice (first at {first})");
            return false;
        }

        seen.Add(date, field);
        return true;
    }

    // The file's shape. Dates and times stay strings here so that a bad one is reported by field.
    private sealed record CalendarDocument(
        string TimeZone,
        IReadOnlyList<WorkingHoursEntry> WorkingHours,
        IReadOnlyList<YearEntry> Years);

    private sealed record WorkingHoursEntry(string From, string To);

    private sealed record YearEntry(
        int Year,
        string Source,
        bool Provisional,
        IReadOnlyList<HolidayEntry> Holidays,
        IReadOnlyList<WorkingWeekendEntry> WorkingWeekends,
        string? Note = null);

    private sealed record HolidayEntry(string Name, IReadOnlyList<string> Dates);

    private sealed record WorkingWeekendEntry(string Name, string Date);
}
