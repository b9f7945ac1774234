using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.Fuzz.Tests;

/// <summary>
/// What the system holds: the rows of every table of the services' schemas (Marten's streams, events and
/// documents, photos, outboxes) and the messages published on its virtual host. Two readings that differ
/// beyond what the accepted requests explain are an unintended change.
/// </summary>
public sealed record SystemCounts(IReadOnlyDictionary<string, long> Counts)
{
    public const string Published = "rabbitmq.published";

    private const string CountEveryTable = """
        select coalesce(json_object_agg(table_schema || '.' || table_name,
            (xpath('/row/c/text()', query_to_xml(
                format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]
                ::text::bigint),
            '{}')::text
        from information_schema.tables
        where table_schema in ('intake', 'routing', 'cases', 'sla', 'identity') and table_type = 'BASE TABLE'
            -- Marten's bookkeeping of how far each projection and outbox has read: a row appears when one first
            -- moves, at a moment of its own, whatever the requests did.
            and table_name <> 'mt_event_progression'
        """;

    public static async Task<SystemCounts> ReadAsync(RunningSystem system)
    {
        var json = await system.Database.ScalarAsync<string>(CountEveryTable);
        var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(json)!;
        counts[Published] = await system.Broker.PublishedCountAsync();
        return new SystemCounts(counts);
    }

    /// <summary>
    /// Reads until two readings apart by more than the broker's statistics interval agree, so work still under
    /// way (projections, deliveries) is not taken for a change, nor a change for work under way.
    /// </summary>
    public static async Task<SystemCounts> SettledAsync(RunningSystem system, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var last = await ReadAsync(system);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
            var next = await ReadAsync(system);
            if (next.Differences(last, new Dictionary<string, long>()).Count == 0 || DateTime.UtcNow > deadline)
            {
                return next;
            }

            last = next;
        }
    }

    /// <summary>Every count that is not <paramref name="before"/>'s plus what is <paramref name="expected"/>.</summary>
    public IReadOnlyList<string> Differences(SystemCounts before, IReadOnlyDictionary<string, long> expected) =>
        Counts.Keys.Union(before.Counts.Keys).Order(StringComparer.Ordinal)
            .Select(name => (
                Name: name,
                Before: before.Counts.GetValueOrDefault(name),
                After: Counts.GetValueOrDefault(name),
                Expected: expected.GetValueOrDefault(name)))
            .Where(count => count.After - count.Before != count.Expected)
            .Select(count => $"{count.Name}: {count.Before} before, {count.After} after, "
                + $"{count.Expected} more expected from accepted requests")
            .ToList();
}

/// <summary>
/// The last event of each service's store at a moment, to tell which events were appended since and to which
/// streams: while probes may be accepted, a change is accounted for only in the streams they touched.
/// </summary>
public sealed record EventMarks(IReadOnlyDictionary<string, long> LastSequence)
{
    public static async Task<EventMarks> ReadAsync(RunningSystem system)
    {
        var stores = await system.Database.ScalarAsync<string>("""
            select coalesce(string_agg(table_schema, ',' order by table_schema), '')
            from information_schema.tables
            where table_schema in ('intake', 'routing', 'cases', 'sla') and table_name = 'mt_events'
            """);
        var last = new Dictionary<string, long>();
        foreach (var schema in stores.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            last[schema] = await system.Database.ScalarAsync<long>(
                $"select coalesce(max(seq_id), 0) from {schema}.mt_events");
        }

        return new EventMarks(last);
    }

    /// <summary>Per store, the events appended since this mark to streams not in <paramref name="streams"/>.</summary>
    public async Task<IReadOnlyList<string>> AppendedOutsideAsync(
        RunningSystem system, IEnumerable<string> streams)
    {
        var touched = streams.ToArray();
        var outside = new List<string>();
        foreach (var (schema, last) in LastSequence)
        {
            // A tombstone is Marten's mark for the sequence numbers of an append that failed (an accepted probe's
            // command lost a race to another): bookkeeping of work refused, in a stream of Marten's own.
            var events = await system.Database.ScalarAsync<string>(
                $"select coalesce(string_agg(type || ' in ' || stream_id::text, ', ' order by seq_id), '') "
                    + $"from {schema}.mt_events where seq_id > $1 and not (stream_id::text = any($2)) "
                    + "and type <> 'tombstone'",
                last,
                touched);
            if (events.Length > 0)
            {
                outside.Add($"{schema}.mt_events: appended to streams no accepted probe touched: {events}");
            }
        }

        return outside;
    }
}
