using CallResponse.Cases.Oversight;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>The quarters and the CSV exports, as src/docs/measures.md states them (the score: AssessmentRulesTests).</summary>
public sealed class OversightTests
{
    [Theory]
    [InlineData("2026Q1", "2026-01-01", "2026-03-31")]
    [InlineData("2026Q4", "2026-10-01", "2026-12-31")]
    public void A_quarter_is_its_days_in_china_standard_time(string quarter, string from, string to) =>
        Assert.Equal(new GetMeasures.Days(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), QuarterlyScores.Days(quarter));

    [Theory]
    [InlineData("2026Q5")]
    [InlineData("2026-Q1")]
    [InlineData("Q1")]
    public void Anything_else_is_not_a_quarter(string quarter) => Assert.Null(QuarterlyScores.Days(quarter));

    [Fact]
    public void A_csv_quotes_what_needs_quoting_and_defuses_formulas()
    {
        var file = CsvExport.File("x.csv", ["a", "b"], [["逗号,与\"引号\"", "=1+1"], [new DateTimeOffset(2026, 11, 28, 16, 30, 0, TimeSpan.Zero), null]]);

        var text = System.Text.Encoding.UTF8.GetString(file.FileContents.Span[3..]);

        Assert.Equal("a,b\r\n\"逗号,与\"\"引号\"\"\",'=1+1\r\n2026-11-29 00:30:00,\r\n", text);
    }
}
