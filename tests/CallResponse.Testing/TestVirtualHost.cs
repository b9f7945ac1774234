using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MassTransit;

namespace CallResponse.Testing;

/// <summary>
/// A RabbitMQ virtual host for one test system: its exchanges and queues are its own, so systems
/// running side by side never consume each other's messages.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient management;

    private static readonly object FullPermissions = new { configure = ".*", write = ".*", read = ".*" };

    /// <summary>The most messages a service's queue holds ready in a test system, as deployed.</summary>
    public const int MaxQueueLength = 10_000;
    private readonly string user;

    private TestVirtualHost(HttpClient management, string name, string user, Uri broker)
    {
        this.management = management;
        this.user = user;
        Name = name;
        Broker = new UriBuilder(broker) { Path = "/" + name }.Uri;
    }

    public string Name { get; }

    /// <summary>The AMQP URI of this virtual host.</summary>
    public Uri Broker { get; }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var servers = await TestServers.GetAsync();
        var management = new HttpClient { BaseAddress = new UriBuilder(servers.RabbitMqManagement) { UserName = "", Password = "" }.Uri };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(servers.RabbitMqManagement.UserInfo))));
        var user = Uri.UnescapeDataString(servers.RabbitMqManagement.UserInfo.Split(':')[0]);
        var name = $"cr-test-{Guid.NewGuid():N}";

        (await management.PutAsJsonAsync($"api/vhosts/{name}", new { })).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"api/permissions/{name}/{user}", FullPermissions)).EnsureSuccessStatusCode();
        var host = new TestVirtualHost(management, name, user, servers.RabbitMq);
        await host.LimitQueuesAsync(MaxQueueLength);
        return host;
    }

    /// <summary>
    /// A broker outage for this virtual host only: its connections are closed and new ones refused
    /// until <see cref="RestoreAsync"/>, while other test systems keep their broker.
    /// </summary>
    public async Task CutOffAsync()
    {
        (await management.DeleteAsync($"api/permissions/{Name}/{user}")).EnsureSuccessStatusCode();
        await CloseConnectionsAsync();
    }

    private async Task CloseConnectionsAsync()
    {
        var connections = await management.GetFromJsonAsync<List<ConnectionInfo>>($"api/vhosts/{Name}/connections") ?? [];
        foreach (var connection in connections)
        {
            await management.DeleteAsync($"api/connections/{Uri.EscapeDataString(connection.Name)}");
        }
    }

    /// <summary>
    /// The broker refuses every publish to <paramref name="exchange"/> (403) until <see cref="RestoreAsync"/>,
    /// and takes everything else. Connections are closed, so none keeps a permission it checked before.
    /// </summary>
    public async Task RefuseWritesAsync(string exchange)
    {
        var refusing = new { configure = ".*", write = $"^(?!{Regex.Escape(exchange)}$).*", read = ".*" };
        (await management.PutAsJsonAsync($"api/permissions/{Name}/{user}", refusing)).EnsureSuccessStatusCode();
        await CloseConnectionsAsync();
    }

    /// <summary>
    /// The messages in a queue of this virtual host, ready and delivered but not yet acknowledged, as the
    /// management API last sampled them (every few seconds); 0 for a queue that does not exist.
    /// </summary>
    public async Task<long> QueueDepthAsync(string queue)
    {
        using var response = await management.GetAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        var found = await response.Content.ReadFromJsonAsync<QueueInfo>();
        return found?.Messages ?? 0;
    }

    /// <summary>
    /// Bounds the services' queues (not their error queues) to <paramref name="maxLength"/> ready messages,
    /// refusing more, with the policy <c>deploy/lib/servers.sh</c> sets on the deployed broker.
    /// </summary>
    public async Task LimitQueuesAsync(int maxLength)
    {
        var policy = new Dictionary<string, object>
        {
            ["pattern"] = "^(?!.*_(error|skipped)$)(intake|routing|cases|sla)-",
            ["apply-to"] = "queues",
            ["definition"] = new Dictionary<string, object> { ["max-length"] = maxLength, ["overflow"] = "reject-publish" },
        };
        (await management.PutAsJsonAsync($"api/policies/{Name}/callresponse-bounded-queues", policy)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The messages published on this virtual host so far, as the management API last sampled them (every few
    /// seconds): a count that only grows, to tell whether anything was published between two readings.
    /// </summary>
    public async Task<long> PublishedCountAsync()
    {
        var overview = await management.GetFromJsonAsync<VirtualHostInfo>($"api/vhosts/{Name}");
        return overview?.MessageStats?.Publish ?? 0;
    }

    /// <summary>Deletes a queue (and so its bindings), as if its consumer had never started.</summary>
    public async Task DeleteQueueAsync(string queue) =>
        (await management.DeleteAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}")).EnsureSuccessStatusCode();

    /// <summary>Publishes <paramref name="message"/> on this virtual host, as a service would.</summary>
    public async Task PublishAsync<T>(T message)
        where T : class
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbitmq => rabbitmq.Host(Broker));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    public async Task RestoreAsync() =>
        (await management.PutAsJsonAsync($"api/permissions/{Name}/{user}", FullPermissions)).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        await management.DeleteAsync($"api/vhosts/{Name}");
        management.Dispose();
    }
}

/// <summary>The part of the management API's connection listing that is needed to close one.</summary>
internal sealed record ConnectionInfo(string Name);

/// <summary>The part of the management API's virtual host that counts what was published on it.</summary>
internal sealed record VirtualHostInfo(
    [property: System.Text.Json.Serialization.JsonPropertyName("message_stats")] MessageStats? MessageStats);

/// <summary>Message totals since the virtual host was created.</summary>
internal sealed record MessageStats(long? Publish);

/// <summary>The part of the management API's queue that counts its messages.</summary>
internal sealed record QueueInfo(long? Messages);
