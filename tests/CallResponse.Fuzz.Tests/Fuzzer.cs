using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallResponse.Testing;

namespace CallResponse.Fuzz.Tests;

/// <summary>How much to send; <paramref name="Only"/> sends that request of the seed's plan alone.</summary>
public sealed record FuzzOptions(int Requests, int Seed, int? Only = null, int Concurrency = 4);

/// <summary>Something the system must not do, with the request that made it do it (none for a changed count).</summary>
public sealed record Finding(string Kind, string Detail, PlannedRequest? Request);

/// <summary>
/// Seeds a few calls, plans the requests from the seed, sends them through the gateway with every role's
/// token and checks every answer: a 4xx RFC 9457 problem, or a success the caller was entitled to (never to
/// a defective mutating request; never showing a seeded case to a caller outside its units; never an admin
/// endpoint to another role). First everything but the probes: then the system's counts must be what they
/// were, plus what GETs record by design. Then the probes: then no event may have been appended outside the
/// streams of the cases that accepted probes touched.
/// </summary>
public static class Fuzzer
{
    public static async Task<FuzzReport> RunAsync(RunningSystem system, FuzzOptions options, Action<string> log)
    {
        var operations = await ApiOperations.ReadAsync(system.Gateway);
        log($"{operations.Count} operations in the OpenAPI documents of {string.Join(", ", ApiOperations.Services)}");
        var seeded = await SeedAsync(system);
        var plans = new RequestPlanner(operations, seeded, options.Seed).Plan(options.Only ?? options.Requests);
        if (options.Only is { } only)
        {
            plans = [plans[only - 1]];
        }

        var report = new FuzzReport(options.Seed, operations);
        using var sender = new Sender(system, seeded, report, options.Only is null ? null : options.Seed);
        var clock = new Stopwatch();
        var sent = 0;
        async Task SendAllAsync(IEnumerable<PlannedRequest> phase) => await Parallel.ForEachAsync(
            phase,
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
            async (plan, _) =>
            {
                await sender.SendAsync(plan);
                var done = Interlocked.Increment(ref sent);
                if (done % 500 == 0 || done == plans.Count)
                {
                    log($"{done}/{plans.Count} requests, {report.FiveHundreds} 5xx, {report.Findings.Count} findings, "
                        + $"{clock.Elapsed.TotalSeconds:F0} s");
                }
            });

        var before = await SystemCounts.SettledAsync(system, TimeSpan.FromSeconds(60));
        clock.Start();
        await SendAllAsync(plans.Where(plan => !plan.Probe));
        var expected = report.ExpectedChanges.ToDictionary(entry => entry.Key, entry => (long)entry.Value);
        var after = await SystemCounts.SettledAsync(system, TimeSpan.FromSeconds(60));
        foreach (var difference in after.Differences(before, expected))
        {
            report.Findings.Add(new Finding("unintended change", difference, null));
        }

        var marks = await EventMarks.ReadAsync(system);
        await SendAllAsync(plans.Where(plan => plan.Probe));
        report.Duration = clock.Elapsed;
        await SystemCounts.SettledAsync(system, TimeSpan.FromSeconds(60));
        foreach (var difference in await marks.AppendedOutsideAsync(system, report.Touched.Keys))
        {
            report.Findings.Add(new Finding("unintended change", difference, null));
        }

        return report;
    }

    /// <summary>Four water-main calls in one grid, two with a resident's contact, each routed before fuzzing.</summary>
    private static async Task<SeededData> SeedAsync(RunningSystem system)
    {
        var logged = new List<LoggedCall>();
        for (var index = 0; index < 4; index++)
        {
            var resident = index < 2
                ? new { name = "钱七", phone = "1370000222" + index, address = "花园路1号" }
                : null;
            logged.Add(await system.LogCallAsync(new
            {
                itemCode = "WATER-01",
                gridCode = "LW-HL-01-G01",
                description = $"水管爆裂，路面积水 {index}",
                channel = "phone",
                resident,
            }));
        }

        foreach (var call in logged)
        {
            await system.WaitUntilRoutedAsync(call.CaseId);
        }

        var catalogue = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/catalogue");
        return new SeededData(
            logged.Select(call => call.CaseId).ToList(),
            logged.Select(call => call.TrackingNumber).ToList(),
            catalogue.GetProperty("version").GetString()!);
    }
}

/// <summary>Sends planned requests through the gateway and checks each answer into the report.</summary>
internal sealed partial class Sender(RunningSystem system, SeededData seeded, FuzzReport report, int? replayOf)
    : IDisposable
{
    private const string ProblemType = "application/problem+json";

    /// <summary>GETs that record something by design, and the table they add a row to when answered 2xx.</summary>
    private static readonly Dictionary<string, string> RecordedByDesign = new()
    {
        // every read of a resident's contact is audited in the call's stream
        ["GET /api/calls/{id}/contact"] = "intake.mt_events",
    };

    private readonly HttpClient client = NewClient(system.Service("gateway").BaseAddress);

    private readonly HttpClient admin = system.Gateway;

    private readonly Dictionary<Identity, string> tokens = RequestPlanner.Identities.ToDictionary(
        identity => identity, identity => TestTokens.For(identity.Role, identity.Unit));

    /// <summary>A client that sends header values as UTF-8 bytes, as a script may, and follows no redirect.</summary>
    private static HttpClient NewClient(Uri gateway) => new(new SocketsHttpHandler
    {
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 8,
    })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Sends one request and checks its answer; when replaying, also reports both.</summary>
    public async Task SendAsync(PlannedRequest plan)
    {
        using var request = new HttpRequestMessage(new HttpMethod(plan.Method), plan.Url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[plan.Identity]);
        foreach (var (name, value) in plan.Headers)
        {
            request.Headers.TryAddWithoutValidation(
                name, value == RequestPlanner.CurrentETag ? await CurrentETagAsync(plan.Url) : value);
        }

        if (plan.Body is not null)
        {
            request.Content = new ByteArrayContent(plan.Body);
            if (!string.IsNullOrEmpty(plan.ContentType))
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", plan.ContentType);
            }
        }

        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            report.Count(plan, (int)response.StatusCode);
            Check(plan, response, body);
            if (replayOf is { } seed)
            {
                report.Replayed.Add(plan.Describe(seed)
                    + $"  answer: {(int)response.StatusCode} {response.Content.Headers.ContentType}: "
                    + $"{Shorten(body)}\n");
            }
        }
        catch (TaskCanceledException)
        {
            report.Count(plan, 0);
            report.Findings.Add(new Finding("no answer", $"none within {client.Timeout.TotalSeconds} s", plan));
        }
        catch (HttpRequestException failed)
        {
            report.Count(plan, 0);
            report.Findings.Add(new Finding("no answer", failed.Message, plan));
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>The ETag of the case a probe acts on, so that the probe is valid but for its odd text.</summary>
    private async Task<string> CurrentETagAsync(string url)
    {
        using var response = await admin.GetAsync($"/api/cases/{url.Split('/')[3]}");
        return response.Headers.ETag?.Tag ?? "\"0\"";
    }

    private void Check(PlannedRequest plan, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500)
        {
            report.Findings.Add(new Finding("5xx", $"{status}: {Shorten(body)}", plan));
        }
        else if (RefusedBeforeTheApplication(plan, status))
        {
            report.CountRefusedByKestrel();
        }
        else if (status is >= 400 and < 500 && (mediaType != ProblemType || !IsJsonObject(body)))
        {
            var detail = $"{status} as {mediaType ?? "no body"}: {Shorten(body)}";
            report.Findings.Add(new Finding("not a problem", detail, plan));
        }
        else if (status is < 200 or >= 300 and < 400)
        {
            report.Findings.Add(new Finding("unexpected status", $"{status}", plan));
        }
        else if (status is >= 200 and < 300)
        {
            CheckSuccess(plan, body);
        }
    }

    private void CheckSuccess(PlannedRequest plan, string body)
    {
        if (plan.Probe)
        {
            // Accepted as valid: what it changed is the streams of the cases it names, and the one it made.
            var sent = plan.Body is null ? "" : Encoding.UTF8.GetString(plan.Body);
            foreach (Match id in CaseIds().Matches(plan.Url + sent + body))
            {
                report.Touched.TryAdd(id.Value.ToLowerInvariant(), 0);
            }
        }
        else if (plan.Mutates)
        {
            report.Findings.Add(new Finding("defective request accepted", Shorten(body), plan));
        }
        else if (!plan.Identity.SeesSeededCases && seeded.Cases.Select(id => id.ToString())
            .Concat(seeded.TrackingNumbers).Any(shown => body.Contains(shown, StringComparison.OrdinalIgnoreCase)))
        {
            report.Findings.Add(new Finding("case shown outside the caller's units", Shorten(body), plan));
        }
        else if (plan.Operation.Path.StartsWith("/api/admin/", StringComparison.Ordinal)
            && plan.Identity.Role != "admin")
        {
            report.Findings.Add(new Finding("admin endpoint answered another role", Shorten(body), plan));
        }
        else if (RecordedByDesign.TryGetValue(plan.Operation.ToString(), out var table))
        {
            report.Expect(table);
        }
    }

    /// <summary>
    /// Kestrel refuses a request target with an encoded NUL (400) and a request line or headers over its limits
    /// (414, 431) before any middleware runs: those answers have no body, and no service code can give them one.
    /// </summary>
    private static bool RefusedBeforeTheApplication(PlannedRequest plan, int status) =>
        status is 414 or 431 || (status == 400 && plan.Url.Split('?')[0].Contains("%00", StringComparison.Ordinal));

    private static bool IsJsonObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex CaseIds();
}

/// <summary>What a run sent, what came back, and what was wrong.</summary>
public sealed class FuzzReport(int seed, IReadOnlyList<ApiOperation> operations)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, int>> byEndpoint = new();

    public int Seed { get; } = seed;

    public ConcurrentBag<Finding> Findings { get; } = [];

    private int refusedByKestrel;
    private int probesSent;
    private int probesAccepted;

    /// <summary>The cases (their streams) accepted probes changed, by id in lower case.</summary>
    public ConcurrentDictionary<string, byte> Touched { get; } = new();

    /// <summary>Rows that GETs answered 2xx added by design, by table.</summary>
    public ConcurrentDictionary<string, int> ExpectedChanges { get; } = new();

    /// <summary>The description of a replayed request (<see cref="FuzzOptions.Only"/>).</summary>
    public ConcurrentBag<string> Replayed { get; } = [];

    public TimeSpan Duration { get; set; }

    public int Requests => byEndpoint.Values.Sum(statuses => statuses.Values.Sum());

    public int FiveHundreds => Findings.Count(finding => finding.Kind == "5xx");

    public int UnintendedChanges => Findings.Count(finding => finding.Kind == "unintended change");

    public int ProbesSent => probesSent;

    public int ProbesAccepted => probesAccepted;

    public void Count(PlannedRequest plan, int status)
    {
        if (plan.Probe)
        {
            Interlocked.Increment(ref probesSent);
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref probesAccepted);
            }
        }

        byEndpoint.GetOrAdd($"{plan.Operation.Service,-8} {plan.Operation}", _ => new())
            .AddOrUpdate(status, 1, (_, count) => count + 1);
    }

    public void Expect(string table) => ExpectedChanges.AddOrUpdate(table, 1, (_, count) => count + 1);

    public void CountRefusedByKestrel() => Interlocked.Increment(ref refusedByKestrel);

    /// <summary>The summary: requests per endpoint and status, then each kind of finding once per endpoint.</summary>
    public string Summary()
    {
        var text = new StringBuilder()
            .AppendLine($"seed {Seed}: {Requests} requests to {byEndpoint.Count} of {operations.Count} operations "
                + $"in {Duration.TotalSeconds:F0} s; {FiveHundreds} 5xx, {UnintendedChanges} unintended changes, "
                + $"{Findings.Count} findings")
            .AppendLine("requests per endpoint (status: count; 0 = no answer):");
        foreach (var (endpoint, statuses) in byEndpoint.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var counts = string.Join(
                ", ", statuses.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key}: {entry.Value}"));
            text.AppendLine($"  {endpoint,-62} {statuses.Values.Sum(),5}  ({counts})");
        }

        var statusTotals = byEndpoint.Values.SelectMany(statuses => statuses)
            .GroupBy(entry => entry.Key, entry => entry.Value)
            .OrderBy(group => group.Key)
            .Select(group => $"{group.Key}: {group.Sum()}");
        text.AppendLine($"statuses: {string.Join(", ", statusTotals)}");
        text.AppendLine($"probes (valid but for odd text): {ProbesSent} sent, {ProbesAccepted} accepted, "
            + $"touching {Touched.Count} cases");
        var recorded = ExpectedChanges.Select(entry => $"{entry.Key} +{entry.Value}").DefaultIfEmpty("nothing");
        text.AppendLine($"recorded by design: {string.Join(", ", recorded)}; "
            + $"refused by Kestrel before any service code (no body): {refusedByKestrel}");
        foreach (var group in Findings
            .GroupBy(finding => (finding.Kind, Endpoint: finding.Request?.Operation.ToString() ?? ""))
            .OrderBy(group => group.Key.Kind, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Endpoint, StringComparer.Ordinal))
        {
            var first = group.OrderBy(finding => finding.Request?.Number ?? 0).First();
            text.AppendLine($"FINDING {group.Key.Kind} {group.Key.Endpoint} ×{group.Count()}: {first.Detail}");
            if (first.Request is not null)
            {
                text.Append(first.Request.Describe(Seed));
            }
        }

        foreach (var replayed in Replayed)
        {
            text.Append(replayed);
        }

        return text.ToString();
    }
}
