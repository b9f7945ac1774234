namespace CallResponse.Cases.Oversight;

/// <summary>
/// Durations counted in logarithmic buckets, so that medians and p90s can be summed from days to
/// quarters: bucket 0 holds durations under a second, bucket b ≥ 1 holds [2^((b−1)/10), 2^(b/10))
/// seconds — ten buckets per doubling, each about 7% wide. A percentile read back is interpolated
/// inside its bucket, so it is within that width of the exact value.
/// </summary>
public sealed class DurationHistogram
{
    public const int BucketsPerDoubling = 10;

    private readonly SortedDictionary<int, long> counts = [];

    public long Count { get; private set; }

    /// <summary>The bucket of a duration, in SQL over <paramref name="seconds"/> (a float8 expression).</summary>
    public static string BucketSql(string seconds) =>
        $"(case when {seconds} < 1 then 0 else 1 + floor({BucketsPerDoubling} * ln({seconds}) / ln(2))::int end)";

    public static int BucketOf(double seconds) =>
        seconds < 1 ? 0 : 1 + (int)Math.Floor(BucketsPerDoubling * Math.Log2(seconds));

    public void Add(int bucket, long count)
    {
        counts[bucket] = counts.GetValueOrDefault(bucket) + count;
        Count += count;
    }

    /// <summary>
    /// The continuous percentile (as PostgreSQL's <c>percentile_cont</c>: rank p × (n − 1)), placed
    /// inside its bucket in proportion to its rank there, on the bucket's logarithmic scale.
    /// Null when there is nothing to measure.
    /// </summary>
    public double? Percentile(double p)
    {
        if (Count <= 0)
        {
            return null;
        }

        var rank = p * (Count - 1);
        long before = 0;
        foreach (var (bucket, count) in counts)
        {
            if (count <= 0)
            {
                continue;
            }

            if (rank < before + count)
            {
                var share = (rank - before + 0.5) / count;
                var (low, high) = Bounds(bucket);
                var seconds = bucket == 0 ? share : low * Math.Pow(high / low, share);
                return Math.Round(seconds, 1);
            }

            before += count;
        }

        return Math.Round(Bounds(counts.Keys.Last()).High, 1);
    }

    public static (double Low, double High) Bounds(int bucket) =>
        bucket == 0 ? (0, 1) : (Math.Pow(2, (bucket - 1) / (double)BucketsPerDoubling), Math.Pow(2, bucket / (double)BucketsPerDoubling));
}
