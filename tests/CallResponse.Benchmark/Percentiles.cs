namespace CallResponse.Benchmark;

/// <summary>Count, p50, p99 and max of a set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P99, double Max)
{
    public override string ToString() => Count == 0
        ? "n/a (no samples)"
        : $"p50 {P50,8:F1}   p99 {P99,8:F1}   max {Max,8:F1}   (n = {Count})";
}

/// <summary>
/// Percentiles by nearest rank: sort, then take the smallest value with at least p% of the samples at
/// or below it. Always an observed value, no interpolation, so p99 of a small run is honest.
/// </summary>
internal static class Percentiles
{
    public static LatencySummary Summarize(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0)
            : new LatencySummary(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 99), sorted[^1]);
    }

    /// <summary>The nearest-rank <paramref name="percentile"/> of ascending, non-empty <paramref name="sorted"/>.</summary>
    public static double NearestRank(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
