using System.Diagnostics;

namespace CallResponse.Testing;

/// <summary>Waits for an eventually consistent outcome, failing with what it waited for.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = await probe();
        while (!done(last))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; last seen: {last}");
            }

            await Task.Delay(100);
            last = await probe();
        }

        return last;
    }
}
