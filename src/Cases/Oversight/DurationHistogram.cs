using System.Globalization;
using System.Text;
using System.Text.Json;

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

    // Counts by bucket; a century is bucket 315, so a few hundred longs at most.
    private long[] counts = new long[128];

    public long Count { get; private set; }

    /// <summary>The bucket of a duration, in SQL over <paramref name="seconds"/> (a float8 expression).</summary>
    public static string BucketSql(string seconds) =>
        $"(case when {seconds} < 1 then 0 else 1 + floor({BucketsPerDoubling} * ln({seconds}) / ln(2))::int end)";

    /// <summary>
    /// The same rule in C#, computed as the SQL computes it (ln over ln 2, not log2) so that both agree on the
    /// bucket edges too.
    /// </summary>
    public static int BucketOf(double seconds) =>
        seconds < 1 ? 0 : 1 + (int)Math.Floor(BucketsPerDoubling * Math.Log(seconds) / Math.Log(2));

    public void Add(int bucket, long count)
    {
        if (bucket >= counts.Length)
        {
            Array.Resize(ref counts, Math.Max(bucket + 1, counts.Length * 2));
        }

        counts[bucket] += count;
        Count += count;
    }

    /// <summary>Adds (sign 1) or takes away (sign −1) a stored histogram: a JSON object of bucket → count.</summary>
    public void Add(string json, int sign)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var bucket = int.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
                reader.Read();
                Add(bucket, sign * reader.GetInt64());
            }
        }
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
        var last = 0;
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            var count = counts[bucket];
            if (count <= 0)
            {
                continue;
            }

            last = bucket;
            if (rank < before + count)
            {
                var share = (rank - before + 0.5) / count;
                var (low, high) = Bounds(bucket);
                var seconds = bucket == 0 ? share : low * Math.Pow(high / low, share);
                return Math.Round(seconds, 1);
            }

            before += count;
        }

        return Math.Round(Bounds(last).High, 1);
    }

    public static (double Low, double High) Bounds(int bucket) =>
        bucket == 0
            ? (0, 1)
            : (Math.Pow(2, (bucket - 1) / (double)BucketsPerDoubling),
                Math.Pow(2, bucket / (double)BucketsPerDoubling));
}
