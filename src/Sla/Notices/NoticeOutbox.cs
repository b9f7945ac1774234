using System.Text.Json;
using CallResponse.Contracts.Sla;
using CallResponse.ServiceDefaults;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace CallResponse.Sla.Notices;

/// <summary>
/// What the SLA service tells the other services (a warning, a breach, a feedback window that lapsed), as
/// rows of <c>sla.notices</c> written in the transaction that decided them: this table is the service's
/// outbox. A notice exists only if the state that decided it committed, and once committed it reaches the
/// bus however the process or the broker fails after (<see cref="NoticeRelay"/>).
/// </summary>
public static class NoticeOutbox
{
    public const string Table = "sla.notices";

    /// <summary>The notices this service publishes, by the name stored with each row.</summary>
    private static readonly Dictionary<string, Type> Kinds = new[]
    {
        typeof(SlaWarningIssued), typeof(SlaBreached), typeof(FeedbackWindowLapsed),
    }.ToDictionary(type => type.Name);

    /// <summary>The table, created with the rest of the SLA schema.</summary>
    public static ISchemaObject SchemaObject()
    {
        var table = new Table(Table);
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        table.AddColumn<DateTimeOffset>("created_at").NotNull().DefaultValueByExpression("now()");
        table.AddColumn<DateTimeOffset>("leased_until");
        table.Indexes.Add(new IndexDefinition("notices_created_at") { Columns = ["created_at"] });
        return table;
    }

    /// <summary>
    /// Queues <paramref name="notice"/> on <paramref name="session"/>, to commit with the state that decided
    /// it. Its id, also the id of the message that carries it, comes from the wake-up that decided it.
    /// </summary>
    public static void Add<T>(IDocumentOperations session, Guid wakeupId, T notice)
        where T : class =>
        session.QueueSqlCommand(
            $"insert into {Table} (id, kind, body) values (?, ?, ?::jsonb) on conflict (id) do nothing",
            DeterministicGuid.Create("sla-notice", wakeupId.ToString()),
            typeof(T).Name,
            JsonSerializer.Serialize(notice));

    /// <summary>A stored notice as the message it is, with its type.</summary>
    public static (object Notice, Type Type) Read(string kind, string body)
    {
        var type = Kinds[kind];
        return (JsonSerializer.Deserialize(body, type) ?? throw new JsonException($"An empty {kind}."), type);
    }
}
