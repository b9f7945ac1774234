using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Polling;

/// <summary>
/// A background loop over a table of leased rows that go to the broker: it handles one batch, goes again at
/// once while batches come full, waits <see cref="SlaOptions.PollEvery"/> when they do not, and a second
/// after a failure (the database or the broker is away), which it logs and outlives.
/// </summary>
public abstract partial class BatchPoller(
    NpgsqlDataSource database, TimeProvider clock, IOptions<SlaOptions> options, ILogger logger) : BackgroundService
{
    public const int BatchSize = 200;

    protected SlaOptions Options => options.Value;

    protected NpgsqlDataSource Database => database;

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

    /// <summary>
    /// Sends each leased row and waits for the broker's confirms for at most <see cref="SlaOptions.SendTimeout"/>
    /// (a broker that stops answering must not hold the loop). A row the broker refused or did not confirm
    /// in time has its lease on <paramref name="table"/> released, so it goes again at the next poll rather
    /// than when the lease runs out.
    /// </summary>
    protected async Task<SentRows> SendEachAsync<T>(
        string table, IReadOnlyList<T> rows, Func<T, Guid> id, Func<T, CancellationToken, Task> send,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.SendTimeout);
        var outcomes = await Task.WhenAll(rows.Select(async row =>
        {
            try
            {
                await send(row, timeout.Token);
                return (Id: id(row), Failure: (Exception?)null);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return (Id: id(row), Failure: exception);
            }
        }));

        var confirmed = outcomes.Where(outcome => outcome.Failure is null).Select(outcome => outcome.Id).ToArray();
        var refused = outcomes.Where(outcome => outcome.Failure is not null).ToArray();
        if (refused.Length == 0)
        {
            return new SentRows(confirmed, null);
        }

        await ExecuteForIdsAsync(
            $"update {table} set leased_until = null where id = any($1)",
            refused.Select(outcome => outcome.Id).ToArray(),
            cancellationToken);
        return new SentRows(confirmed, new InvalidOperationException(
            $"The broker did not take {refused.Length} of {rows.Count} rows of {table}; they go again.",
            refused[0].Failure));
    }

    /// <summary>Runs <paramref name="sql"/> with the ids as its one parameter, if there are any.</summary>
    protected async Task ExecuteForIdsAsync(string sql, Guid[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }

        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = ids });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Poller} failed; trying again")]
    private static partial void LogPollFailed(ILogger logger, string poller, Exception exception);
}

/// <summary>The rows the broker confirmed, and why it did not take the others (released for the next poll).</summary>
public sealed record SentRows(Guid[] Confirmed, Exception? Refusal)
{
    /// <summary>Fails the batch when some rows did not go: the loop logs it and waits a second.</summary>
    public void ThrowIfRefused()
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }
    }
}
