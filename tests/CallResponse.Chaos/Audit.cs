using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;
using Npgsql;

namespace CallResponse.Chaos;

/// <summary>
/// Every count of a run. Each must be 0 for the run to pass, but <see cref="Recovered"/> (an uncertain
/// answer whose call was stored: the retry with its key found it) and the figures at the end.
/// </summary>
public sealed class Counts
{
    public Dictionary<string, long> Lost { get; } = new();

    public Dictionary<string, long> Duplicated { get; } = new();

    public long Recovered { get; set; }

    public Dictionary<string, long> Unexpected { get; } = new();

    public Dictionary<string, long> Divergent { get; } = new();

    public Dictionary<string, long> Parked { get; } = new();

    public Dictionary<string, long> Stuck { get; } = new();

    /// <summary>Rows on which the measure totals and a recomputation from the case documents disagree.</summary>
    public long MeasureDifferences { get; set; }

    /// <summary>Sampled case documents whose version is not their stream's.</summary>
    public long DocumentsBehindStreams { get; set; }

    /// <summary>A few of the cases behind a count that is not 0, to start from.</summary>
    public Dictionary<string, List<string>> Samples { get; } = new();

    public bool Passed =>
        new[] { Lost, Duplicated, Unexpected, Divergent, Parked, Stuck }
            .All(counts => counts.Values.All(count => count == 0))
        && MeasureDifferences == 0 && DocumentsBehindStreams == 0;
}

/// <summary>
/// Counts what became of every call and command by identity, stage by stage, in the services' own
/// stores: the intake's events, the case streams and documents, the SLA's instances and deadlines.
/// </summary>
public sealed class Audit(RunningSystem system, Load load)
{
    private static readonly string[] Services = ["intake", "routing", "cases", "sla"];

    /// <summary>
    /// Waits until every accepted call is routed and known to the SLA, and nothing is parked; false on timeout.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan within, Action<string> log)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var pending = await PendingAsync();
            if (pending == 0)
            {
                return true;
            }

            log($"drain  {pending} calls not yet through every stage");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return false;
    }

    public async Task<Counts> CountAsync()
    {
        var counts = new Counts();
        var accepted = load.Calls.Where(call => call.Final == Outcome.Accepted).ToList();
        var ids = accepted.Select(call => call.CaseId!.Value).ToArray();
        var stored = await CountByStreamAsync("intake.mt_events", "call_logged");
        var opened = await CountByStreamAsync("cases.mt_events", "case_opened");
        var routed = await CountByStreamAsync("cases.mt_events", "case_routed");
        var instances = await SlaInstancesAsync();

        counts.Lost["call stored"] = ids.Count(id => !stored.ContainsKey(id));
        counts.Stuck["case opened"] = ids.Count(id => stored.ContainsKey(id) && !opened.ContainsKey(id));
        counts.Stuck["case routed"] = ids.Count(id => opened.ContainsKey(id) && !routed.ContainsKey(id));
        counts.Stuck["sla instance"] = ids.Count(id => routed.ContainsKey(id) && !instances.ContainsKey(id));
        counts.Stuck["answer still uncertain"] = load.Calls.Count(call => call.Final == Outcome.Unknown);
        counts.Duplicated["call stored"] = stored.Values.Count(count => count > 1);
        counts.Duplicated["case opened"] = opened.Values.Count(count => count > 1);
        // Every call is posted with a key, whose call has one id: a stored call no answer named is a double.
        var known = ids.ToHashSet();
        counts.Duplicated["stored calls no answer named"] = stored.Keys.Count(id => !known.Contains(id));
        counts.Recovered = accepted.Count(call => call.First == Outcome.Unknown);
        counts.Unexpected["valid call refused"] = load.Calls.Count(call => call.Final == Outcome.Refused);

        await CountCommandsAsync(counts);
        // The case and its SLA hear of each other through the broker, and deadlines keep falling due while the
        // audit runs: a divergence counts only if it outlasts the messages in flight (two minutes).
        for (var recount = 0; ; recount++)
        {
            await CountDivergenceAsync(counts, ids);
            var settled = counts.Divergent.Values.Sum() + counts.Stuck["deadline due 60 s ago still open"] == 0;
            if (settled || recount == 12)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        foreach (var service in Services)
        {
            var parked = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/admin/parked/{service}");
            counts.Parked[service] = parked.GetProperty("total").GetInt64();
        }

        counts.MeasureDifferences = await MeasureDifferencesAsync();
        counts.DocumentsBehindStreams = await ScalarAsync(
            """
            select count(*) from (select id, (data->>'Version')::bigint as version from cases.mt_doc_case
                                  order by random() limit 500) d
            join cases.mt_streams s on s.id = d.id where s.version <> d.version
            """);
        return counts;
    }

    /// <summary>
    /// The measure check compares only at a moment the totals have caught up with the cases, and answers 503
    /// when there was none in 30 s: deadlines may still be falling due, so it is asked again for a while.
    /// </summary>
    private async Task<long> MeasureDifferencesAsync()
    {
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            using var response = await system.Gateway.GetAsync("/api/admin/read-models/measures/check");
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || DateTimeOffset.UtcNow > giveUp)
            {
                response.EnsureSuccessStatusCode();
                var check = await response.Content.ReadFromJsonAsync<JsonElement>();
                return check.GetProperty("differences").GetInt64();
            }
        }
    }

    /// <summary>Call → routed at the 50th, 99th percentile and the most, from the stores' own timestamps.</summary>
    public async Task<(double P50, double P99, double Max)> CallToRoutedSecondsAsync()
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select percentile_cont(0.5) within group (order by s),
                   percentile_cont(0.99) within group (order by s),
                   max(s)
            from (select extract(epoch from min(r.timestamp) - min(c.timestamp))::float8 as s
                  from intake.mt_events c join cases.mt_events r on r.stream_id = c.stream_id and r.type = 'case_routed'
                  where c.type = 'call_logged' group by c.stream_id) t
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.IsDBNull(0) ? (0, 0, 0) : (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    private async Task<long> PendingAsync()
    {
        var ids = load.Calls.Where(call => call.Final == Outcome.Accepted).Select(call => call.CaseId!.Value).ToArray();
        try
        {
            var through = await ScalarAsync(
                """
                select count(*) from sla.mt_doc_caseslastate s
                where s.id = any($1)
                  and exists (select 1 from cases.mt_events r where r.stream_id = s.id and r.type = 'case_routed')
                """,
                ids);
            return ids.Length - through;
        }
        catch (PostgresException exception) when (exception.SqlState == "42P01")
        {
            return ids.Length; // a service has not made its tables yet
        }
    }

    /// <summary>Each command the load saw accepted left its event once; none it saw refused left one.</summary>
    private async Task CountCommandsAsync(Counts counts)
    {
        var events = new Dictionary<string, string>
        {
            ["claim"] = "case_claimed",
            ["resolve"] = "case_resolved",
            ["feedback"] = "feedback_given",
        };
        foreach (var (command, eventType) in events)
        {
            var found = await CountByStreamAsync("cases.mt_events", eventType);
            long lost = 0, doubled = 0;
            foreach (var (caseId, history) in load.Commands)
            {
                var accepted = history.Count(record => record.Command == command && record.Outcome == Outcome.Accepted);
                var present = found.GetValueOrDefault(caseId);
                lost += Math.Max(0, accepted - present);
                doubled += Math.Max(0, present - accepted);
            }

            counts.Lost[$"{command} effect"] = lost;
            counts.Unexpected[$"{command} effect without an accepted answer"] = doubled;
            counts.Stuck[$"{command} answer still uncertain"] = load.Commands.Values.Sum(history =>
                history.Count(record => record.Command == command && record.Outcome == Outcome.Unknown));
        }
    }

    /// <summary>
    /// The case and its SLA agree on who holds it, and no deadline that fell due long ago is still open.
    /// </summary>
    private async Task CountDivergenceAsync(Counts counts, Guid[] ids)
    {
        const string UnitsDiffer = """
            from cases.mt_doc_case c join sla.mt_doc_caseslastate s on s.id = c.id
            where c.id = any($1) and c.data->'Assignment'->>'UnitCode' is distinct from s.data->>'UnitCode'
            """;
        counts.Divergent["unit: case vs sla"] = await ScalarAsync($"select count(*) {UnitsDiffer}", ids);
        counts.Samples["unit: case vs sla"] = await RowsAsync(
            $"""
            select concat_ws(' ', c.id, 'case', c.status, c.data->'Assignment'->>'UnitCode', c.data->>'Version',
                             'sla', s.data->>'CurrentState', s.data->>'UnitCode') {UnitsDiffer} limit 5
            """,
            ids);
        const string OverdueOpen = """
            from sla.mt_doc_caseslastate s, jsonb_array_elements(s.data->'Deadlines') d
            where s.id = any($1) and d->>'State' in ('pending', 'warned')
              and (d->>'DueAt')::timestamptz < now() - interval '60 seconds'
            """;
        counts.Stuck["deadline due 60 s ago still open"] = await ScalarAsync($"select count(*) {OverdueOpen}", ids);
        counts.Samples["deadline due 60 s ago still open"] = await RowsAsync(
            $"""
            select concat_ws(' ', s.id, d->>'Kind', d->>'State', d->>'DueAt', 'wake-up leased until',
                             (select max(w.leased_until)::text from sla.deadline_wakeups w
                              where w.deadline_id = (d->>'Id')::uuid)) {OverdueOpen} limit 5
            """,
            ids);
        counts.Divergent["closed case with open deadlines"] = await ScalarAsync(
            """
            select count(*) from cases.mt_doc_case c join sla.mt_doc_caseslastate s on s.id = c.id
            where c.id = any($1) and c.status = 5
              and exists (select 1 from jsonb_array_elements(s.data->'Deadlines') d
                          where d->>'State' in ('pending', 'warned'))
            """,
            ids);

        // A breach the SLA settled must reach the case: a notice lost between the two is a silent breach.
        const string BreachesNotRecorded = """
            from sla.mt_doc_caseslastate s, jsonb_array_elements(s.data->'Deadlines') d
            where s.id = any($1) and d->>'State' = 'breached' and d->>'Kind' <> 'feedback'
              and not exists (select 1 from cases.mt_events e
                              where e.stream_id = s.id and e.type = 'sla_breach_recorded'
                                and e.data->>'DeadlineId' = d->>'Id')
            """;
        counts.Divergent["breach not recorded on the case"] =
            await ScalarAsync($"select count(*) {BreachesNotRecorded}", ids);
        counts.Samples["breach not recorded on the case"] = await RowsAsync(
            $"select concat_ws(' ', s.id, d->>'Kind', d->>'Id', d->>'SettledAt') {BreachesNotRecorded} limit 5", ids);
    }

    private async Task<Dictionary<Guid, long>> CountByStreamAsync(string table, string eventType)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select stream_id, count(*) from {table} where type = $1 group by stream_id", connection)
        {
            Parameters = { new() { Value = eventType } },
        };
        var found = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return found;
    }

    /// <summary>
    /// Waits until the case streams and the SLA's instances have not changed for 10 s, so that the checks
    /// compare settled stores rather than a step in flight; false when they kept changing for
    /// <paramref name="within"/>.
    /// </summary>
    public async Task<bool> SettleAsync(TimeSpan within, Action<string> log)
    {
        const string Mark = """
            select concat((select max(seq_id) from cases.mt_events), '/',
                          (select max(mt_last_modified) from sla.mt_doc_caseslastate))
            """;
        var deadline = DateTimeOffset.UtcNow + within;
        var last = "";
        var quietSince = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var mark = (await RowsAsync(Mark)).Single();
            if (mark != last)
            {
                (last, quietSince) = (mark, DateTimeOffset.UtcNow);
            }
            else if (DateTimeOffset.UtcNow - quietSince > TimeSpan.FromSeconds(10))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        log("settle: the stores kept changing (deadlines still falling due); checking them as they are");
        return false;
    }

    private async Task<List<string>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        }

        return rows;
    }

    private async Task<Dictionary<Guid, string>> SlaInstancesAsync()
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select id, data->>'CurrentState' from sla.mt_doc_caseslastate", connection);
        var found = new Dictionary<Guid, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetGuid(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return found;
    }

    private async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
