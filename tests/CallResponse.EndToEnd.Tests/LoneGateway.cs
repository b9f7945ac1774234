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

/// <summary>A gateway that takes 3 requests a minute per user and many per address, loopback included.</summary>
public sealed class UserLimitedGateway() : LoneGateway(new Dictionary<string, string>
{
    ["RateLimits__PerUser"] = "3",
    ["RateLimits__PerAddress"] = "1000",
    ["RateLimits__ExemptLoopback"] = "false",
});

/// <summary>A gateway that takes 10 requests a minute per address and many per user, loopback included.</summary>
public sealed class AddressLimitedGateway() : LoneGateway(new Dictionary<string, string>
{
    ["RateLimits__PerUser"] = "1000",
    ["RateLimits__PerAddress"] = "10",
    ["RateLimits__ExemptLoopback"] = "false",
});
