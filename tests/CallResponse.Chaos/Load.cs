using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;

namespace CallResponse.Chaos;

/// <summary>What a client learned from its requests: accepted (2xx), refused (4xx), or nothing certain.</summary>
public enum Outcome
{
    Unknown,
    Accepted,
    Refused,
}

/// <summary>One call as its client saw it: the key it was posted with, every answer, and the case it named.</summary>
public sealed class CallRecord(int number, string key, string itemCode)
{
    public int Number { get; } = number;

    public string Key { get; } = key;

    public string ItemCode { get; } = itemCode;

    public Outcome First { get; set; } = Outcome.Unknown;

    public Outcome Final { get; set; } = Outcome.Unknown;

    public int Attempts { get; set; }

    public Guid? CaseId { get; set; }

    public int? RefusedWith { get; set; }
}

/// <summary>One case command as its client saw it: which, with which key, and the final answer.</summary>
public sealed record CommandRecord(string Command, string Key, Outcome Outcome, int Status);

/// <summary>
/// The load: calls at the profile's pace, each posted with its own Idempotency-Key and posted again with
/// the same key until an answer is certain (a timeout, a 5xx or a broken connection says nothing); and,
/// for a share of the cases, claim → resolve → feedback with If-Match, each with its own key.
/// </summary>
public sealed class Load(RunningSystem system, Profile profile, int seed)
{
    /// <summary>Where the calls are placed: a grid of the shipped area tree.</summary>
    private const string Grid = "LW-HL-01-G01";

    private static readonly string[] Items = ["CITY-01", "WATER-01", "SAFE-02", "CITY-02", "SAFE-04"];
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly Random random = new(seed);
    private readonly SemaphoreSlim inFlight = new(24);
    private readonly SemaphoreSlim lifecycles = new(16);
    private readonly List<Task> lifecycleTasks = [];
    private readonly ConcurrentDictionary<string, HttpClient> staff = new();

    public List<CallRecord> Calls { get; } = [];

    public ConcurrentDictionary<Guid, ConcurrentQueue<CommandRecord>> Commands { get; } = new();

    /// <summary>Gateway answers per status class while the faults ran, for the summary.</summary>
    public ConcurrentDictionary<string, int> Answers { get; } = new();

    /// <summary>
    /// Posts every call at the profile's pace, then keeps posting the uncertain ones until
    /// <paramref name="settleBy"/>.
    /// </summary>
    public async Task RunAsync(DateTimeOffset settleBy, CancellationToken cancellationToken)
    {
        using var client = Client("grid-worker", Grid, "chaos");
        var started = DateTimeOffset.UtcNow;
        var posting = new List<Task>();
        for (var n = 0; n < profile.Calls && !cancellationToken.IsCancellationRequested; n++)
        {
            var record = new CallRecord(n, $"chaos-{seed}-{n}", Items[random.Next(Items.Length)]);
            Calls.Add(record);
            var due = started + TimeSpan.FromSeconds(n / profile.CallsPerSecond);
            if (due > DateTimeOffset.UtcNow)
            {
                await Task.Delay(due - DateTimeOffset.UtcNow, cancellationToken);
            }

            var followUp = random.NextDouble() < profile.LifecycleShare;
            posting.Add(PostAsync(client, record, followUp, cancellationToken));
        }

        await Task.WhenAll(posting);

        // Whatever stayed uncertain is asked again, as a client retrying later would, until certain.
        while (Calls.Any(call => call.Final == Outcome.Unknown) && DateTimeOffset.UtcNow < settleBy)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await Task.WhenAll(Calls.Where(call => call.Final == Outcome.Unknown)
                .Select(call => PostAsync(client, call, followUp: false, cancellationToken)));
        }

        await Task.WhenAll(lifecycleTasks);
    }

    private async Task PostAsync(
        HttpClient client, CallRecord record, bool followUp, CancellationToken cancellationToken)
    {
        await inFlight.WaitAsync(cancellationToken);
        try
        {
            record.Attempts++;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls")
            {
                Content = JsonContent.Create(new
                {
                    itemCode = record.ItemCode,
                    gridCode = Grid,
                    description = $"混沌检查第 {record.Number} 号来电",
                    channel = "walk-in",
                }),
            };
            request.Headers.Add("Idempotency-Key", record.Key);
            var (outcome, status, body) = await SendAsync(client, request, cancellationToken);
            record.First = record.Attempts == 1 ? outcome : record.First;
            if (outcome == Outcome.Unknown)
            {
                return;
            }

            record.Final = outcome;
            if (outcome == Outcome.Refused)
            {
                record.RefusedWith = status;
                return;
            }

            record.CaseId = JsonDocument.Parse(body).RootElement.GetProperty("caseId").GetGuid();
            if (followUp)
            {
                lock (lifecycleTasks)
                {
                    lifecycleTasks.Add(FollowUpAsync(record.CaseId.Value, cancellationToken));
                }
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>
    /// The case's life after routing: claimed and resolved by an admin acting for the unit, then heard back on.
    /// </summary>
    private async Task FollowUpAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await lifecycles.WaitAsync(cancellationToken);
        try
        {
            var steps = new (string Command, object Body, string[] From)[]
            {
                ("claim", new { }, ["routed"]),
                ("resolve", new { summary = "混沌检查：已处理" }, ["claimed", "in-progress"]),
                ("feedback", new { satisfaction = "satisfied", resolved = true, comment = "满意" }, ["resolved"]),
            };
            foreach (var (command, body, from) in steps)
            {
                if (!await DoAsync(caseId, command, body, from, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            lifecycles.Release();
        }
    }

    /// <summary>
    /// Sends one command once the case is in a state it applies to, with the case's ETag and a key of its
    /// own; posts it again with the same key while the answer is uncertain, and with a fresh ETag and key
    /// after a lost race (412). False when the command was refused or never became possible.
    /// </summary>
    private async Task<bool> DoAsync(
        Guid caseId, string command, object body, string[] from, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
        var history = Commands.GetOrAdd(caseId, _ => new ConcurrentQueue<CommandRecord>());
        string? uncertain = null; // the key of a command sent whose answer never came
        while (DateTimeOffset.UtcNow < giveUpAt)
        {
            var state = await ReadAsync(caseId, cancellationToken);
            if (state is null || !from.Contains(state.Status))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            // The unit that holds the case acts on it; the resident's voice is the grid worker's.
            var client = command == "feedback" ? Staff("feedback-agent", state.Place.Street) : HolderOf(state);
            if (client is null)
            {
                return false; // at a triage desk or the district's: not a unit's to claim
            }

            var version = state.Version;

            var key = $"{command}-{Guid.NewGuid():N}";
            while (DateTimeOffset.UtcNow < giveUpAt)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/{command}")
                {
                    Content = JsonContent.Create(body),
                };
                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
                request.Headers.Add("Idempotency-Key", key);
                var (outcome, code, _) = await SendAsync(client, request, cancellationToken);
                uncertain = outcome == Outcome.Unknown ? key : null;
                if (outcome == Outcome.Unknown)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    continue;
                }

                history.Enqueue(new CommandRecord(command, key, outcome, code));
                if (outcome == Outcome.Accepted)
                {
                    return true;
                }

                if (code != (int)HttpStatusCode.PreconditionFailed)
                {
                    return false; // refused for a reason a retry will not change (an SLA escalation moved it, say)
                }

                break; // lost a race with another change: read the case again
            }
        }

        if (uncertain is not null)
        {
            history.Enqueue(new CommandRecord(command, uncertain, Outcome.Unknown, 0));
        }

        return false; // never became possible in time (the case was slow to route, or moved on): nothing was asked
    }

    private async Task<CaseState?> ReadAsync(Guid caseId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            return await Staff("admin", RunningSystem.District)
                .GetFromJsonAsync<CaseState>($"/api/cases/{caseId}", timeout.Token);
        }
        catch (Exception exception)
            when (exception is HttpRequestException or OperationCanceledException or JsonException
                  && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private HttpClient? HolderOf(CaseState state) => state.Assignment is not { } held ? null : held.Level switch
    {
        "department" => Staff("liaison", held.UnitCode),
        "community" => Staff("community-dispatcher", held.UnitCode),
        "street" => Staff("street-dispatcher", held.UnitCode),
        "grid" => Staff("grid-worker", held.UnitCode),
        _ => null,
    };

    /// <summary>One client per role and unit, shared by every request made as them.</summary>
    private HttpClient Staff(string role, string unit) =>
        staff.GetOrAdd($"{role}|{unit}", _ => Client(role, unit, $"chaos-{role}"));

    private async Task<(Outcome Outcome, int Status, string Body)> SendAsync(
        HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            Answers.AddOrUpdate($"{status / 100}xx", 1, (_, count) => count + 1);
            var outcome = status switch
            {
                >= 200 and < 300 => Outcome.Accepted,
                >= 400 and < 500 when status != (int)HttpStatusCode.RequestTimeout => Outcome.Refused,
                _ => Outcome.Unknown,
            };
            return (outcome, status, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            Answers.AddOrUpdate("no answer", 1, (_, count) => count + 1);
            return (Outcome.Unknown, 0, "");
        }
    }

    private HttpClient Client(string role, string unit, string userId)
    {
        var client = system.As(role, unit, userId);
        client.Timeout = Timeout.InfiniteTimeSpan; // each request has its own, above
        return client;
    }
}
