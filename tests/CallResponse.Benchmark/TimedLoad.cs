using System.Diagnostics;

namespace CallResponse.Benchmark;

/// <summary>
/// Runs one operation in a loop on N concurrent workers: a warm-up whose operations are not counted
/// (connection pools, JIT and caches fill up), then the measured window. Prints progress once a second.
/// An operation is measured when it starts inside the window, so those in flight when the window
/// closes finish normally instead of being cancelled into false errors.
/// </summary>
internal sealed class TimedLoad(string label, int workers, TimeSpan warmup, TimeSpan window)
{
    private long succeeded;
    private long failed;

    /// <summary>The measured window's real length: shorter than asked when the run was cancelled.</summary>
    public TimeSpan Measured { get; private set; }

    /// <summary>Runs <paramref name="operation"/>(worker, measured) until the window closes; it returns false on failure.</summary>
    public async Task RunAsync(Func<int, bool, Task<bool>> operation, CancellationToken stop)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmup);
        var measureUntil = measureFrom + Ticks(window);
        var stoppedAt = measureUntil;
        using var onStop = stop.Register(() => stoppedAt = Math.Min(Stopwatch.GetTimestamp(), measureUntil));

        using var progressDone = new CancellationTokenSource();
        var progress = PrintProgressAsync(measureFrom, progressDone.Token);

        var loops = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= measureUntil)
                {
                    return;
                }

                if (await operation(worker, now >= measureFrom))
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, CancellationToken.None));
        await Task.WhenAll(loops);

        await progressDone.CancelAsync();
        await progress;
        Measured = Stopwatch.GetElapsedTime(measureFrom, Math.Max(measureFrom, stoppedAt));
    }

    private async Task PrintProgressAsync(long measureFrom, CancellationToken done)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long previous = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                var total = Interlocked.Read(ref succeeded) + Interlocked.Read(ref failed);
                var phase = Stopwatch.GetTimestamp() < measureFrom ? "warm-up" : "measure";
                Console.WriteLine($"  [{label}] {phase}  {total,8} so far  {total - previous,6}/s  failed {Interlocked.Read(ref failed)}");
                previous = total;
            }
        }
        catch (OperationCanceledException)
        {
            // The load finished; no more progress lines.
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
