using CallResponse.Cases.Oversight;
using CallResponse.Testing;
using Npgsql;

namespace CallResponse.Cases.Tests.Lifecycle;

/// <summary>
/// The measure totals bucket durations in SQL (<see cref="DurationHistogram.BucketSql"/>); the
/// arithmetic tests state the rule in C# (<see cref="DurationHistogram.BucketOf"/>). PostgreSQL must
/// put every duration where the C# rule does, bucket edges and their neighbours included, or a
/// percentile read back would be a bucket off.
/// </summary>
public sealed class DurationBucketSqlTests
{
    [Fact]
    public async Task PostgreSQL_buckets_durations_as_the_stated_rule_does()
    {
        var durations = new List<double> { 0, 0.25, 0.999, 1, 59, 60, 3_600, 86_400, 7_776_000 };
        for (var edge = 0; edge <= 300; edge++)
        {
            var seconds = Math.Pow(2, (double)edge / DurationHistogram.BucketsPerDoubling);
            durations.AddRange([Math.BitDecrement(seconds), seconds, Math.BitIncrement(seconds)]);
        }

        var random = new Random(20261128);
        durations.AddRange(Enumerable.Range(0, 5_000).Select(_ => Math.Exp(random.NextDouble() * Math.Log(1e9))));

        await using var connection = new NpgsqlConnection((await TestServers.GetAsync()).Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select s, {DurationHistogram.BucketSql("s")} from unnest($1::float8[]) as s", connection)
        {
            Parameters = { new() { Value = durations.ToArray() } },
        };
        var misplaced = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (seconds, inPostgres) = (reader.GetDouble(0), reader.GetInt32(1));
            if (inPostgres != DurationHistogram.BucketOf(seconds))
            {
                misplaced.Add($"{seconds:R} s: PostgreSQL {inPostgres}, C# {DurationHistogram.BucketOf(seconds)}");
            }
        }

        Assert.True(misplaced.Count == 0, $"{misplaced.Count} of {durations.Count} durations bucketed differently:\n{string.Join('\n', misplaced.Take(20))}");
    }
}
