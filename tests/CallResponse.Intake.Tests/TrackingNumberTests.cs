using CallResponse.Intake.Calls.LoggingCalls;

namespace CallResponse.Intake.Tests;

public sealed class TrackingNumberTests
{
    [Fact]
    public void The_day_is_the_day_in_China_standard_time()
    {
        // 16:30 UTC on the 23rd is 00:30 on the 24th in Beijing.
        var now = new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.Zero);

        Assert.Equal("LW-20261124-000123", TrackingNumbers.Format(now, 123));
    }

    [Fact]
    public void Numbers_past_six_digits_keep_every_digit() =>
        Assert.Equal("LW-20261124-1234567", TrackingNumbers.Format(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(8)), 1234567));
}
