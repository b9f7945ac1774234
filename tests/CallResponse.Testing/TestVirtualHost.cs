using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace CallResponse.Testing;

/// <summary>
/// A RabbitMQ virtual host for one test system: its exchanges and queues are its own, so systems
/// running side by side never consume each other's messages.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient management;

    private TestVirtualHost(HttpClient management, string name, Uri broker)
    {
        this.management = management;
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
        (await management.PutAsJsonAsync($"api/permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new TestVirtualHost(management, name, servers.RabbitMq);
    }

    public async ValueTask DisposeAsync()
    {
        await management.DeleteAsync($"api/vhosts/{Name}");
        management.Dispose();
    }
}
