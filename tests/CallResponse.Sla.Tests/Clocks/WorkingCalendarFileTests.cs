using CallResponse.ServiceDefaults.Clocks;

namespace CallResponse.Sla.Tests.Clocks;

/// <summary>A bad calendar file fails loading with the file, the field path and the reason.</summary>
public sealed class WorkingCalendarFileTests
{
    private const string Source = "working-calendar.json";

    private const string Valid = """
        {
          "timeZone": "Asia/Shanghai",
          "workingHours": [ { "from": "09:00", "to": "12:00" }, { "from": "13:30", "to": "18:00" } ],
          "years": [
            {
              "year": 2025, "source": "test", "provisional": false,
              "holidays": [
                { "name": "元旦", "dates": ["2025-01-01"] },
                { "name": "春节", "dates": ["2025-01-28", "2025-01-29", "2025-02-01"] }
              ],
              "workingWeekends": [ { "name": "春节调休", "date": "2025-01-26" } ]
            },
            {
              "year": 2026, "source": "test", "provisional": false,
              "holidays": [
                { "name": "元旦", "dates": ["2026-01-01"] },
                { "name": "春节", "dates": ["2026-02-15"] },
                { "name": "清明节", "dates": ["2026-04-04"] }
              ],
              "workingWeekends": [ { "name": "元旦调休", "date": "2026-01-04" } ]
            }
          ]
        }
        """;

    [Fact]
    public void The_template_is_valid()
    {
        var calendar = WorkingCalendarFile.Parse(Valid, Source);

        Assert.Equal([2025, 2026], calendar.Years);
    }

    [Theory]
    [InlineData("\"2026-04-04\"", "\"2026-02-30\"", "years[1].holidays[2].dates[0]: '2026-02-30' is not a date")]
    [InlineData("\"2026-02-15\"", "\"2025-02-15\"", "years[1].holidays[1].dates[0]: '2025-02-15' is not in 2026")]
    [InlineData("\"2026-01-04\"", "\"2026-01-05\"", "years[1].workingWeekends[0].date: '2026-01-05' is a Monday, not a Saturday or Sunday")]
    [InlineData("\"2025-01-29\"", "\"2025-01-01\"", "years[0].holidays[1].dates[1]: '2025-01-01' appears twice (first at years[0].holidays[0].dates[0])")]
    [InlineData("\"2025-01-26\"", "\"2025-02-01\"", "years[0].workingWeekends[0].date: '2025-02-01' appears twice (first at years[0].holidays[1].dates[2])")]
    [InlineData("\"year\": 2026", "\"year\": 2025", "years[1].year: 2025 appears twice")]
    [InlineData("\"from\": \"13:30\"", "\"from\": \"11:30\"", "workingHours[1].from: '11:30' is before the end of the previous period ('12:00')")]
    [InlineData("\"to\": \"18:00\"", "\"to\": \"13:00\"", "workingHours[1].to: '13:00' is not after from ('13:30')")]
    [InlineData("\"to\": \"12:00\"", "\"to\": \"25:00\"", "workingHours[0].to: '25:00' is not a time of day (HH:mm)")]
    [InlineData("\"Asia/Shanghai\"", "\"UTC\"", "timeZone: 'UTC' is not supported")]
    [InlineData("\"name\": \"清明节\"", "\"name\": \" \"", "years[1].holidays[2].name: is required")]
    public void A_bad_calendar_names_the_field_and_the_reason(string original, string replacement, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkingCalendarFile.Parse(Rewrite(original, replacement), Source));

        Assert.Contains($"{Source}: {expected}", error.Message);
    }

    [Fact]
    public void A_calendar_that_is_not_the_right_shape_names_the_line_and_the_field()
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkingCalendarFile.Parse(Rewrite("\"year\": 2026, \"source\": \"test\",", "\"year\": 2026,"), Source));

        Assert.Contains($"{Source}: line ", error.Message);
        Assert.Contains("'source'", error.Message);
    }

    [Fact]
    public void Loading_names_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("callresponse-sla-").FullName, Source);
        try
        {
            File.WriteAllText(path, Rewrite("\"2026-04-04\"", "\"2026-02-30\""));

            var error = Assert.Throws<InvalidDataException>(() => WorkingCalendar.Load(path));

            Assert.StartsWith($"{path}: years[1].holidays[2].dates[0]", error.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static string Rewrite(string original, string replacement)
    {
        Assert.Equal(1, Occurrences(Valid, original));
        return Valid.Replace(original, replacement, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
