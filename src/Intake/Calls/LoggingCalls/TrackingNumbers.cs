using Marten;
using Weasel.Core;
using Weasel.Postgresql;

namespace CallResponse.Intake.Calls.LoggingCalls;

/// <summary>
/// Human tracking numbers such as <c>LW-20261124-000123</c>: the district prefix, the day in China
/// Standard Time, and a number from a PostgreSQL sequence (unique across days, never reused; a
/// sequence costs no lock, so concurrent calls do not queue for it).
/// </summary>
public static class TrackingNumbers
{
    public const string Prefix = "LW";
    public const string SequenceName = "intake.tracking_number_seq";
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static ISchemaObject SchemaObject() => new Sequence(SequenceName);

    public static async Task<string> NextAsync(IQuerySession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var numbers = await session.AdvancedSql.QueryAsync<long>($"select nextval('{SequenceName}')", cancellationToken);
        return Format(now, numbers[0]);
    }

    public static string Format(DateTimeOffset now, long number) =>
        $"{Prefix}-{now.ToOffset(ChinaStandardTime):yyyyMMdd}-{number:D6}";
}
