namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// A service's copy of another service's reference data (catalogue codes, departments), so a request
/// is checked without a round trip each time. Fetched again once older than
/// <paramref name="refreshAfter"/>; while the other service cannot be reached
/// (<see cref="HttpRequestException"/>), the last copy stays in use. A singleton shared by all requests.
/// </summary>
public sealed class RefreshingCopy<T>(Func<CancellationToken, Task<T>> fetch, Func<TimeSpan> refreshAfter, TimeProvider clock)
    where T : class
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private (T Copy, DateTimeOffset FetchedAt)? current;

    /// <summary>The copy, or <c>null</c> when the other service has never answered.</summary>
    public async Task<T?> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            current = (await fetch(cancellationToken), clock.GetUtcNow());
            return current.Value.Copy;
        }
        catch (HttpRequestException)
        {
            return current?.Copy;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private T? Fresh() => current is { } copy && clock.GetUtcNow() - copy.FetchedAt < refreshAfter() ? copy.Copy : null;
}
