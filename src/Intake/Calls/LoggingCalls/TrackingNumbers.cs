using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using CallResponse.ServiceDefaults;

namespace CallResponse.Intake.Calls.LoggingCalls;

/// <summary>
/// Issues human tracking numbers such as <c>LW-20261124-000123</c>: the district prefix, the day in
/// China Standard Time, and a number unique across days. Numbers are reserved from PostgreSQL in
/// blocks (one sequence value = <see cref="BlockSize"/> numbers), so a call costs no extra round
/// trip; a restart leaves the rest of its block unused, so numbers can have gaps but never repeat.
/// </summary>
public sealed class TrackingNumbers(IDocumentStore store)
{
    public const string Prefix = "LW";
    public const int BlockSize = 100;
    public const string SequenceName = "intake.tracking_number_blocks";

    private readonly SemaphoreSlim reserving = new(1, 1);
    private long next;
    private long blockEnd;

    public static ISchemaObject SchemaObject() => new Sequence(SequenceName);

    public async Task<string> NextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reserving.WaitAsync(cancellationToken);
        try
        {
            if (next >= blockEnd)
            {
                await using var session = store.QuerySession();
                var block = (await session.AdvancedSql.QueryAsync<long>(
                    $"select nextval('{SequenceName}')",
                    cancellationToken))[0];
                next = ((block - 1) * BlockSize) + 1;
                blockEnd = next + BlockSize;
            }

            return Format(now, next++);
        }
        finally
        {
            reserving.Release();
        }
    }

    public static string Format(DateTimeOffset now, long number) =>
        $"{Prefix}-{now.ToOffset(ChinaTime.Offset):yyyyMMdd}-{number:D6}";
}
