using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallResponse.Benchmark;

/// <summary>One measured POST /api/calls: how long it took, how it ended, and the case it opened.</summary>
/// <param name="Status">The HTTP status, or 0 when no answer came (connection error, timeout).</param>
/// <param name="Outcome">"201" etc., or the exception's name: the key errors are counted by.</param>
/// <param name="CompletedAt">A <see cref="Stopwatch"/> timestamp taken once the answer was read.</param>
internal readonly record struct CallSample(double LatencyMs, int Status, string Outcome, Guid? CaseId, long CompletedAt)
{
    public bool Accepted => Status is >= 200 and < 300 && CaseId is not null;
}

/// <summary>The intake phase: N clients posting calls through the gateway as fast as they are answered.</summary>
internal sealed class IntakeLoad(HttpClient http, Uri gateway, ReferenceCodes codes)
{
    private static readonly string[] Channels = ["walk-in", "phone", "chat-group", "patrol"];

    /// <summary>Realistic descriptions, so the stored event has the size of a real one.</summary>
    internal static readonly string[] Descriptions =
    [
        "小区门口垃圾堆积三天无人清运",
        "楼顶天台有人违法加建铁皮房，担心影响结构安全",
        "路灯不亮已经一周，晚上老人出行不便",
        "下水道堵塞，雨天污水漫到人行道上",
        "独居老人多日未见出门，邻居担心其身体状况",
    ];

    private readonly Uri calls = new(gateway, "/api/calls");

    /// <summary>Posts one call and returns what happened; never throws for an HTTP or network failure.</summary>
    public async Task<CallSample> PostOneAsync(CancellationToken cancellationToken = default, string? itemCode = null)
    {
        using var content = new ByteArrayContent(NextBody(itemCode));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, calls) { Content = content };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, cancellationToken);
            Guid? caseId = null;
            if (response.IsSuccessStatusCode)
            {
                caseId = (await response.Content.ReadFromJsonAsync<CallAccepted>(JsonSerializerOptions.Web, cancellationToken))?.CaseId;
            }
            else
            {
                // Read the problem body so the connection is reused rather than dropped.
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            var completed = Stopwatch.GetTimestamp();
            var status = (int)response.StatusCode;
            return new CallSample(Stopwatch.GetElapsedTime(started, completed).TotalMilliseconds, status, status.ToString(System.Globalization.CultureInfo.InvariantCulture), caseId, completed);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            var completed = Stopwatch.GetTimestamp();
            return new CallSample(Stopwatch.GetElapsedTime(started, completed).TotalMilliseconds, 0, exception.GetType().Name, null, completed);
        }
    }

    /// <summary>
    /// Runs the load; returns the measured calls (warm-up calls are left out) and the window's length.
    /// Without a <paramref name="rate"/>, each client posts as soon as its last call is answered (the
    /// most the system accepts); with one, calls start on a fixed schedule of that many per second,
    /// whatever the answers, so lags are measured at a load the pipeline can sustain.
    /// </summary>
    public async Task<(IReadOnlyList<CallSample> Samples, TimeSpan Measured)> RunAsync(
        int clients, TimeSpan warmup, TimeSpan window, double? rate, CancellationToken stop)
    {
        // One list per client: no locking on the hot path.
        var perClient = Enumerable.Range(0, clients).Select(_ => new List<CallSample>()).ToArray();
        var load = new TimedLoad("intake", clients, warmup, window);
        var schedule = Stopwatch.GetTimestamp();
        long slots = 0;
        await load.RunAsync(async (client, measured) =>
        {
            if (rate is { } perSecond)
            {
                var due = Stopwatch.GetElapsedTime(schedule) - TimeSpan.FromSeconds(Interlocked.Increment(ref slots) / perSecond);
                if (due < TimeSpan.Zero)
                {
                    await Task.Delay(-due, stop);
                }
            }

            var sample = await PostOneAsync();
            if (measured)
            {
                perClient[client].Add(sample);
            }

            return sample.Accepted;
        }, stop);
        return (perClient.SelectMany(samples => samples).ToList(), load.Measured);
    }

    private byte[] NextBody(string? itemCode) => JsonSerializer.SerializeToUtf8Bytes(
        new
        {
            itemCode = itemCode ?? Pick(codes.ItemCodes),
            gridCode = itemCode is null ? Pick(codes.GridCodes) : "LW-HL-01-G01",
            description = Pick(Descriptions),
            channel = Pick(Channels),
            reportedAt = DateTimeOffset.UtcNow.AddMinutes(-Random.Shared.Next(1, 120)),
        },
        JsonSerializerOptions.Web);

    private static T Pick<T>(IReadOnlyList<T> values) => values[Random.Shared.Next(values.Count)];

    private sealed record CallAccepted(Guid CaseId, string TrackingNumber);
}
