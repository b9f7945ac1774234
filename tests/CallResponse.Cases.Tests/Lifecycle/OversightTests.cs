using CallResponse.Cases.Oversight;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>The composite score and the quarters, as src/docs/measures.md states them.</summary>
public sealed class OversightTests
{
    private static GetMeasures.MeasureRow Row(double? onTimeResponse, double? onTimeClosure, double? satisfaction) =>
        new("SW", new DateOnly(2026, 10, 1), 10, 10, null, onTimeResponse, null, onTimeClosure, satisfaction, null, null, null, null, null, null, null, null, null, 0, 0, 0);

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 100.0)]
    [InlineData(0.5, 0.75, 1.0, 70.0)]   // 40×0.5 + 40×0.75 + 20×1
    [InlineData(0.5, 0.5, null, 50.0)]   // no feedback yet: the other two carry the weight
    public void The_score_weighs_on_time_response_and_closure_then_satisfaction(double? response, double? closure, double? satisfaction, double score) =>
        Assert.Equal(score, Rankings.Score(Row(response, closure, satisfaction)));

    [Fact]
    public void A_unit_with_no_assigned_case_has_no_score() => Assert.Null(Rankings.Score(Row(null, null, null)));

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
