using CallResponse.Cases.Oversight;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>The pure arithmetic under the measures: duration buckets, percentiles read back, periods, ranges.</summary>
public sealed class MeasureArithmeticTests
{
    [Theory]
    [InlineData(0.4, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 11)]     // ten buckets per doubling
    [InlineData(3600, 119)] // an hour: 10 × log2(3600) = 118.1
    public void A_duration_falls_in_its_logarithmic_bucket(double seconds, int bucket) =>
        Assert.Equal(bucket, DurationHistogram.BucketOf(seconds));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_percentile_from_the_histogram_is_within_a_bucket_of_the_exact_one(double p)
    {
        var random = new Random(7);
        var seconds = Enumerable.Range(0, 5000).Select(_ => Math.Exp(random.NextDouble() * 12)).Order().ToList();
        var histogram = new DurationHistogram();
        foreach (var duration in seconds)
        {
            histogram.Add(DurationHistogram.BucketOf(duration), 1);
        }

        var rank = p * (seconds.Count - 1);
        var exact = seconds[(int)rank] + ((rank - Math.Floor(rank)) * (seconds[(int)rank + 1] - seconds[(int)rank]));
        var bucketWidth = Math.Pow(2, 1.0 / DurationHistogram.BucketsPerDoubling);
        Assert.InRange(histogram.Percentile(p)!.Value, exact / bucketWidth, exact * bucketWidth);
    }

    [Fact]
    public void One_duration_reads_back_as_the_middle_of_its_bucket()
    {
        var histogram = new DurationHistogram();
        histogram.Add(DurationHistogram.BucketOf(100), 1);

        Assert.InRange(histogram.Percentile(0.5)!.Value, 100 / 1.072, 100 * 1.072);
    }

    [Fact]
    public void An_empty_histogram_has_no_percentile() => Assert.Null(new DurationHistogram().Percentile(0.5));

    [Fact]
    public void Subtracted_durations_leave_the_histogram_as_if_never_added()
    {
        var histogram = new DurationHistogram();
        histogram.Add(10, 1);
        histogram.Add(50, 1);
        histogram.Add(50, -1);

        Assert.Equal(histogram.Percentile(0.9), histogram.Percentile(0.1));
    }

    [Fact]
    public void A_stored_histogram_adds_and_subtracts_as_its_counts()
    {
        var histogram = new DurationHistogram();
        histogram.Add("""{"10": 3, "50": 2}""", 1);
        histogram.Add("""{"50": 2}""", -1);

        var expected = new DurationHistogram();
        expected.Add(10, 3);
        Assert.Equal(3, histogram.Count);
        Assert.Equal(expected.Percentile(0.9), histogram.Percentile(0.9));
    }

    [Theory]
    [InlineData("2026-11-28", "day", "2026-11-28")]
    [InlineData("2026-11-28", "week", "2026-11-23")] // a Saturday: its week began on Monday
    [InlineData("2026-11-23", "week", "2026-11-23")]
    [InlineData("2026-11-28", "month", "2026-11-01")]
    [InlineData("2026-11-28", "quarter", "2026-10-01")]
    [InlineData("2026-11-28", null, "2026-09-01")]   // no periods: the range's first day
    public void A_day_counts_in_the_period_it_falls_in(string day, string? granularity, string period)
    {
        var range = new GetMeasures.Days(new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 30));

        Assert.Equal(DateOnly.Parse(period, System.Globalization.CultureInfo.InvariantCulture), GetMeasures.PeriodOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), granularity, range));
    }

    [Theory]
    [InlineData("2026-09-01", "2026-10-31", "month", "m 2026-09-01 2026-10-01 +|m 2026-10-01 2026-11-01 +")] // whole months: month rows
    [InlineData("2026-08-31", "2026-11-28", "quarter", "d 2026-08-31 2026-09-01 +|m 2026-09-01 2026-10-01 +|m 2026-10-01 2026-11-01 +|m 2026-11-01 2026-12-01 +|d 2026-11-29 2026-12-01 -")]
    [InlineData("2026-11-10", "2026-11-12", null, "d 2026-11-10 2026-11-13 +")]                 // a few days: day rows
    [InlineData("2026-11-02", "2026-11-29", null, "m 2026-11-01 2026-12-01 +|d 2026-11-01 2026-11-02 -|d 2026-11-30 2026-12-01 -")] // most of a month: the month less the rest
    [InlineData("2026-09-01", "2026-11-30", "week", "d 2026-09-01 2026-12-01 +")]                // weeks cut across months: days
    public void The_totals_read_are_the_fewest_rows_that_sum_to_the_range(string from, string to, string? granularity, string expected)
    {
        var days = new GetMeasures.Days(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        var segments = GetMeasures.Segments(days, granularity);

        Assert.Equal(expected, Describe(segments));
    }

    private static string Describe(List<GetMeasures.Segment> segments) =>
        string.Join("|", segments.Select(segment => $"{segment.Kind} {segment.First:yyyy-MM-dd} {segment.After:yyyy-MM-dd} {(segment.Sign > 0 ? "+" : "-")}"));

    [Fact]
    public void The_default_range_is_the_last_days_up_to_today_in_china()
    {
        var errors = new Dictionary<string, string[]>();
        var clock = new FixedClock(DateTimeOffset.Parse("2026-11-28T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // 01:00 on the 29th in China

        var days = GetMeasures.Days.Read(null, null, 30, clock, errors);

        Assert.Equal(new GetMeasures.Days(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 29)), days);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("2026-06-01", "2026-01-01", "from")]
    [InlineData("2020-01-01", "2026-01-01", "to")]
    public void A_bad_range_names_its_field(string from, string to, string field)
    {
        var errors = new Dictionary<string, string[]>();

        GetMeasures.Days.Read(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), 30, TimeProvider.System, errors);

        Assert.Contains(field, errors.Keys);
    }

    // Found by the fuzzer: GET /api/measures?to=0001-01-01 was answered 500 (the default range ran off DateOnly).
    [Theory]
    [InlineData(null, "0001-01-01", "to")]
    [InlineData("0001-01-01", "2026-01-01", "from")]
    [InlineData("2026-01-01", "9999-12-31", "to")]
    public void A_day_near_the_calendars_ends_names_its_field(string? from, string to, string field)
    {
        var errors = new Dictionary<string, string[]>();

        GetMeasures.Days.Read(
            from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            30,
            TimeProvider.System,
            errors);

        Assert.Equal([field], errors.Keys);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
