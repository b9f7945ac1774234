using CallResponse.Sla.Polling;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Notices;

/// <summary>
/// Publishes the committed notices of <see cref="NoticeOutbox"/> and deletes each once the broker has
/// confirmed it. A batch is leased first (<c>FOR UPDATE SKIP LOCKED</c>, so instances never take the same
/// rows); a notice the broker refused is released for the next poll, and one whose process died while
/// publishing it goes again when its lease runs out. So each reaches the bus at least once, with its row's
/// id as message id; the cases service records each once, by its deadline.
/// </summary>
public sealed class NoticeRelay(
    NpgsqlDataSource database,
    IBus bus,
    TimeProvider clock,
    IOptions<SlaOptions> options,
    ILogger<NoticeRelay> logger) : BatchPoller(clock, options, logger)
{
    private const string LeaseBatch = $"""
        update {NoticeOutbox.Table} notice set leased_until = now() + $1
        from (
            select id from {NoticeOutbox.Table}
            where leased_until is null or leased_until <= now()
            order by created_at limit $2 for update skip locked) due
        where notice.id = due.id
        returning notice.id, notice.kind, notice.body::text
        """;

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var leased = new List<(Guid Id, object Notice, Type Type)>();
        await using (var command = database.CreateCommand(LeaseBatch))
        {
            command.Parameters.Add(new() { Value = Options.WakeupLease });
            command.Parameters.Add(new() { Value = BatchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (notice, type) = NoticeOutbox.Read(reader.GetString(1), reader.GetString(2));
                leased.Add((reader.GetGuid(0), notice, type));
            }
        }

        if (leased.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.SendTimeout);
        var outcomes = await Task.WhenAll(leased.Select(async row =>
        {
            try
            {
                await bus.Publish(row.Notice, row.Type, publish => publish.MessageId = row.Id, timeout.Token);
                return (row.Id, Failure: (Exception?)null);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return (row.Id, Failure: exception);
            }
        }));

        var published = outcomes.Where(outcome => outcome.Failure is null).Select(outcome => outcome.Id).ToArray();
        var refused = outcomes.Where(outcome => outcome.Failure is not null).Select(outcome => outcome.Id).ToArray();
        await ExecuteAsync($"delete from {NoticeOutbox.Table} where id = any($1)", published, cancellationToken);
        await ExecuteAsync(
            $"update {NoticeOutbox.Table} set leased_until = null where id = any($1)", refused, cancellationToken);
        return refused.Length == 0
            ? leased.Count
            : throw new InvalidOperationException(
                $"The broker refused {refused.Length} of {leased.Count} notices; they go again.",
                outcomes.First(outcome => outcome.Failure is not null).Failure);
    }

    private async Task ExecuteAsync(string sql, Guid[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return;
        }

        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = ids });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
