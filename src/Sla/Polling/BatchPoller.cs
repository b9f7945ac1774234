using Microsoft.Extensions.Options;

namespace CallResponse.Sla.Polling;

/// <summary>
/// A background loop over a table of leased rows: it handles one batch, goes again at once while batches
/// come full, waits <see cref="SlaOptions.PollEvery"/> when they do not, and a second after a failure
/// (the database or the broker is away), which it logs and outlives.
/// </summary>
public abstract partial class BatchPoller(TimeProvider clock, IOptions<SlaOptions> options, ILogger logger)
    : BackgroundService
{
    public const int BatchSize = 200;

    protected SlaOptions Options => options.Value;

    /// <summary>Handles one batch; returns how many rows it took.</summary>
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) < BatchSize)
                {
                    await Task.Delay(Options.PollEvery, clock, stoppingToken);
                }
            }
            catch (Exception exception)
                when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, GetType().Name, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Poller} failed; trying again")]
    private static partial void LogPollFailed(ILogger logger, string poller, Exception exception);
}
