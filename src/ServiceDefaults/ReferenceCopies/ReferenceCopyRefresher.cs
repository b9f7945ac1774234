using System.Text.Json;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallResponse.ServiceDefaults.ReferenceCopies;

/// <summary>
/// Keeps a <see cref="ReferenceCopy{T}"/> current, off every request path: loads the stored copy before the
/// service takes requests, then fetches from the source every <see cref="ReferenceCopy{T}.RefreshAfter"/>
/// (every 2 s while there has never been a copy), each attempt cut off after <see cref="FetchTimeout"/>,
/// and stores what it got. A failed fetch keeps the last copy.
/// </summary>
public sealed partial class ReferenceCopyRefresher<T>(
    ReferenceCopy<T> copy,
    Func<IServiceProvider, CancellationToken, Task<T>> fetch,
    IServiceProvider services,
    IDocumentStore store,
    TimeProvider clock,
    ILogger<ReferenceCopyRefresher<T>> logger) : BackgroundService
    where T : class
{
    /// <summary>A hung source (frozen, or dropping packets) costs one attempt this long, in the background.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstCopyRetry = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadStoredAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (copy.Current is null)
            {
                // The database may have been down when the service started.
                await LoadStoredAsync(stoppingToken);
            }

            await RefreshAsync(stoppingToken);
            await Task.Delay(copy.Current is null ? FirstCopyRetry : copy.RefreshAfter, clock, stoppingToken);
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        T fresh;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            timeout.CancelAfter(FetchTimeout);
            try
            {
                fresh = await fetch(services, timeout.Token);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever the source did (refused, hung, answered nonsense), the last copy stays in use.
                LogFetchFailed(copy.Name, exception.GetType().Name, copy.FetchedAt);
                return;
            }
        }

        var fetchedAt = clock.GetUtcNow();
        copy.Set(fresh, fetchedAt);
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new StoredReferenceCopy(copy.Name, JsonSerializer.Serialize(fresh), fetchedAt));
            await session.SaveChangesAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // In memory it is current; the next refresh stores it again.
            LogStoreFailed(copy.Name, exception.GetType().Name);
        }
    }

    private async Task LoadStoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<StoredReferenceCopy>(copy.Name, cancellationToken) is { } stored
                && copy.Current is null
                && JsonSerializer.Deserialize<T>(stored.Data) is { } loaded)
            {
                copy.Set(loaded, stored.FetchedAt);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is down: the refresher tries again, and a fetch may come first.
            LogLoadFailed(copy.Name, exception.GetType().Name);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not refresh the {Copy} copy ({Error}); keeping the one of {FetchedAt}.")]
    private partial void LogFetchFailed(string copy, string error, DateTimeOffset? fetchedAt);

    [LoggerMessage(LogLevel.Warning, "Could not store the {Copy} copy ({Error}); it is in use, stored next time.")]
    private partial void LogStoreFailed(string copy, string error);

    [LoggerMessage(LogLevel.Warning, "Could not load the stored {Copy} copy ({Error}).")]
    private partial void LogLoadFailed(string copy, string error);
}
