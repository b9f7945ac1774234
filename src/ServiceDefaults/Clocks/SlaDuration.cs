using System.Globalization;
using System.Text.RegularExpressions;

namespace CallResponse.ServiceDefaults.Clocks;

/// <summary>
/// An SLA target as written in the catalogue: an ISO 8601 duration of whole days, hours, minutes and
/// seconds (<c>PT10M</c>, <c>PT4H</c>, <c>P1D</c>, <c>P1DT4H</c>). Days are kept apart from the time
/// because on the working clock a day is a working day, not 24 hours. Years, months, weeks and
/// fractions are refused: no target uses them and a month has no fixed length.
/// </summary>
internal readonly partial record struct SlaDuration(int Days, TimeSpan Time)
{
    public static SlaDuration Parse(string value)
    {
        var match = Pattern().Match(value);
        if (!match.Success
            || (!match.Groups["d"].Success
                && !match.Groups["h"].Success
                && !match.Groups["m"].Success
                && !match.Groups["s"].Success))
        {
            throw new FormatException($"'{value}' is not a supported ISO 8601 duration: "
                + $"use whole days, hours, minutes or seconds, e.g. PT30M, PT4H, P2D.");
        }

        var duration = new SlaDuration(
            Number(match, "d"),
            new TimeSpan(Number(match, "h"), Number(match, "m"), Number(match, "s")));
        if (duration.Days == 0 && duration.Time == TimeSpan.Zero)
        {
            throw new FormatException($"'{value}' is not a positive duration.");
        }

        return duration;
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(
        @"^P(?:(?<d>\d{1,4})D)?(?:T(?=\d)(?:(?<h>\d{1,5})H)?(?:(?<m>\d{1,6})M)?(?:(?<s>\d{1,7})S)?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
