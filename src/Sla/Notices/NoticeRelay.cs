using CallResponse.Sla.Polling;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallResponse.Sla.Notices;

/// <summary>
/// Publishes the committed notices of <see cref="NoticeOutbox"/> and deletes each once the broker has
/// confirmed it. A batch is leased first (<c>FOR UPDATE SKIP LOCKED</c>, so instances never take the same
/// rows); a notice the broker did not take is released for the next poll, and one whose process died while
/// publishing it goes again when its lease runs out. So each reaches the bus at least once, with its row's
/// id as message id; the cases service records each once, by its deadline.
/// </summary>
public sealed class NoticeRelay(
    NpgsqlDataSource database,
    IBus bus,
    TimeProvider clock,
    IOptions<SlaOptions> options,
    ILogger<NoticeRelay> logger) : BatchPoller(database, clock, options, logger)
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
        await using (var command = Database.CreateCommand(LeaseBatch))
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

        var sent = await SendEachAsync(
            NoticeOutbox.Table,
            leased,
            row => row.Id,
            (row, token) => bus.Publish(row.Notice, row.Type, publish => publish.MessageId = row.Id, token),
            cancellationToken);
        await ExecuteForIdsAsync(
            $"delete from {NoticeOutbox.Table} where id = any($1)", sent.Confirmed, cancellationToken);
        sent.ThrowIfRefused();
        return leased.Count;
    }
}
