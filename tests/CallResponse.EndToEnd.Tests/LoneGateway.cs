using CallResponse.Testing;

namespace CallResponse.EndToEnd.Tests;

/// <summary>
/// The gateway alone, with these settings: what it answers itself (its surface, its limits) needs no service,
/// and starts in a second.
/// </summary>
public abstract class LoneGateway(IReadOnlyDictionary<string, string> settings) : IAsyncLifetime
{
    public ServiceProcess Process { get; } = new("gateway", ServiceProcess.FreePort(), settings);

    public HttpClient Client() => new() { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => Process.StartAsync();

    public Task DisposeAsync() => Process.DisposeAsync().AsTask();
}

/// <summary>The gateway as deployed outside Development, with a management port.</summary>
public sealed class ProductionGateway() : LoneGateway(new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Management__Port"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    public static readonly int ManagementPort = ServiceProcess.FreePort();
}
