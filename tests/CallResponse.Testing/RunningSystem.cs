using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace CallResponse.Testing;

/// <summary>
/// The whole system as processes on real ports, behind its gateway, on real PostgreSQL (a fresh
/// database) and RabbitMQ (a fresh virtual host). Tests drive it over HTTP like any client.
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    private readonly Dictionary<string, ServiceProcess> services = new();
    private readonly IReadOnlyDictionary<string, string>? extraSettings;

    /// <summary>The whole system with the identity service, its real issuer beside this run's Development tokens.</summary>
    public RunningSystem()
    {
    }

    private readonly bool linkDatabase;
    private readonly string? linkBrokerOf;
    private readonly bool withIdentity = true;

    protected RunningSystem(
        IReadOnlyDictionary<string, string> extraSettings,
        bool linkDatabase = false,
        string? linkBrokerOf = null,
        bool withIdentity = false)
    {
        this.extraSettings = extraSettings;
        this.linkDatabase = linkDatabase;
        this.linkBrokerOf = linkBrokerOf;
        this.withIdentity = withIdentity;
    }

    /// <summary>
    /// A system whose services all get these extra settings (e.g. a log level). With
    /// <paramref name="linkDatabase"/>, they reach PostgreSQL through <see cref="DatabaseLink"/>; with
    /// <paramref name="linkBrokerOf"/>, that service reaches RabbitMQ through <see cref="BrokerLink"/>: links
    /// a test can cut or slow down, for an outage of this system's server alone. Such a system has no identity
    /// service: its tests act with this run's Development tokens only, and two cores start one process fewer.
    /// </summary>
    public static RunningSystem With(
        IReadOnlyDictionary<string, string> settings, bool linkDatabase = false, string? linkBrokerOf = null) =>
        new(settings, linkDatabase, linkBrokerOf);

    /// <summary>The services' way to PostgreSQL, when the system was made with one.</summary>
    public TcpLink? DatabaseLink { get; private set; }

    /// <summary>One service's way to RabbitMQ, when the system was made with one.</summary>
    public TcpLink? BrokerLink { get; private set; }

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost Broker { get; private set; } = null!;

    /// <summary>The password of the identity service's first admin (login <c>admin</c>), made for this run.</summary>
    public string AdminPassword { get; } = "Run-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The district's code: the unit of district-wide roles.</summary>
    public const string District = "LW";

    /// <summary>A client of the gateway signed in as an admin (sees and may do everything).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>A client of the gateway signed in as <paramref name="role"/> of <paramref name="unit"/>.</summary>
    public HttpClient As(string role, string unit, string? userId = null) => TestTokens.Client(services["gateway"].BaseAddress, role, unit, userId);

    /// <summary>A client of the gateway with no token.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = services["gateway"].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public ServiceProcess Service(string name) => services[name];

    public IEnumerable<ServiceProcess> Services => services.Values;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Broker = await TestVirtualHost.CreateAsync();
        var names = withIdentity
            ? new[] { "routing", "cases", "intake", "sla", "identity", "gateway" }
            : ["routing", "cases", "intake", "sla", "gateway"];
        var ports = names.ToDictionary(name => name, _ => ServiceProcess.FreePort());
        var database = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString);
        if (linkDatabase)
        {
            DatabaseLink = new TcpLink(database.Host!, database.Port);
            (database.Host, database.Port) = ("127.0.0.1", DatabaseLink.Port);
        }

        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = Broker.Broker.ToString(),
            ["Services__routing"] = $"http://127.0.0.1:{ports["routing"]}",
        };
        if (withIdentity)
        {
            // The real issuer, as the gateway's address names it; the run's Development key is trusted beside it.
            shared["Auth__Issuer"] = $"http://127.0.0.1:{ports["gateway"]}/";
            shared["Auth__KeysAddress"] = $"http://127.0.0.1:{ports["identity"]}/.well-known/jwks";
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            shared[key] = value;
        }

        foreach (var name in new[] { "routing", "cases", "intake", "sla" })
        {
            var settings = new Dictionary<string, string>(shared);
            if (name == linkBrokerOf)
            {
                BrokerLink = new TcpLink(Broker.Broker.Host, Broker.Broker.Port);
                var linked = new UriBuilder(Broker.Broker) { Host = "127.0.0.1", Port = BrokerLink.Port };
                settings["ConnectionStrings__RabbitMq"] = linked.Uri.ToString();
            }

            services[name] = new ServiceProcess(name, ports[name], settings);
        }

        var gateway = new Dictionary<string, string>(extraSettings ?? new Dictionary<string, string>())
        {
            ["ReverseProxy__Clusters__intake__Destinations__local__Address"] = $"http://127.0.0.1:{ports["intake"]}",
            ["ReverseProxy__Clusters__routing__Destinations__local__Address"] = $"http://127.0.0.1:{ports["routing"]}",
            ["ReverseProxy__Clusters__cases__Destinations__local__Address"] = $"http://127.0.0.1:{ports["cases"]}",
            ["ReverseProxy__Clusters__sla__Destinations__local__Address"] = $"http://127.0.0.1:{ports["sla"]}",
        };
        if (withIdentity)
        {
            services["identity"] = new ServiceProcess("identity", ports["identity"], new Dictionary<string, string>(shared)
            {
                ["Identity__WorkbenchAddresses__0"] = $"http://127.0.0.1:{ports["gateway"]}/",
                ["Identity__FirstAdminPassword"] = AdminPassword,
            });
            gateway["ReverseProxy__Clusters__identity__Destinations__local__Address"] = $"http://127.0.0.1:{ports["identity"]}";
        }

        services["gateway"] = new ServiceProcess("gateway", ports["gateway"], gateway);

        // Consumers first, so their queues exist before anything is published; the gateway last.
        try
        {
            await Task.WhenAll(services.Values.Where(service => service.Name is not ("gateway" or "identity"))
                .Select(service => service.StartAsync()));
            // Identity checks its first admin's unit against routing's area tree.
            if (services.TryGetValue("identity", out var identity))
            {
                await identity.StartAsync();
            }

            await services["gateway"].StartAsync();
            await FirstReferenceCopiesAsync();
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: stop what did start, or it runs on.
            await DisposeAsync();
            throw;
        }

        Gateway = As("admin", District);
    }

    /// <summary>
    /// Intake and cases take their first copies of routing's catalogue and area tree in the background once
    /// started, and answer 503 to what needs them until then, as they should: the system is up once they have.
    /// </summary>
    private async Task FirstReferenceCopiesAsync()
    {
        using var http = new HttpClient();
        await Eventually.GetAsync(
            async () =>
            {
                var missing = new List<string>();
                foreach (var service in new[] { services["intake"], services["cases"] })
                {
                    using var response = await http.GetAsync(new Uri(service.BaseAddress, "/health/ready"));
                    var health = await response.Content.ReadFromJsonAsync<JsonElement>();
                    missing.AddRange(health.GetProperty("checks").EnumerateObject()
                        .Where(check => check.Name.StartsWith("reference-", StringComparison.Ordinal)
                            && check.Value.GetProperty("status").GetString() != "Healthy")
                        .Select(check => $"{service.Name} {check.Name}"));
                }

                return missing;
            },
            missing => missing.Count == 0,
            TimeSpan.FromSeconds(60),
            "every service's first reference copies");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var service in services.Values)
        {
            await service.DisposeAsync();
        }

        foreach (var link in new[] { DatabaseLink, BrokerLink }.OfType<TcpLink>())
        {
            await link.DisposeAsync();
        }

        await Broker.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Logs a call through the gateway (under a new key unless one is given) and returns the answer's body.</summary>
    public async Task<LoggedCall> LogCallAsync(object call, string? idempotencyKey = null, HttpClient? client = null)
    {
        using var request = NewCall(call, idempotencyKey ?? Guid.NewGuid().ToString());
        using var response = await (client ?? Gateway).SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoggedCall>())!;
    }

    /// <summary><c>POST /api/calls</c> with the call as its body and the <c>Idempotency-Key</c> intake requires.</summary>
    public static HttpRequestMessage NewCall(object call, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/calls") { Content = JsonContent.Create(call) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>Waits until the case is routed and returns its state.</summary>
    public async Task<CaseState> WaitUntilRoutedAsync(Guid caseId, TimeSpan? timeout = null) =>
        (await Eventually.GetAsync(
            async () =>
            {
                using var response = await Gateway.GetAsync($"/api/cases/{caseId}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<CaseState>() : null;
            },
            state => state?.Status == "routed",
            timeout ?? TimeSpan.FromSeconds(30),
            $"case {caseId} to be routed"))!;
}

/// <summary>The answer to <c>POST /api/calls</c>.</summary>
public sealed record LoggedCall(Guid CaseId, string TrackingNumber, DateTimeOffset LoggedAt, string CaseUrl);

/// <summary>The fields of <c>GET /api/cases/{id}</c> that tests look at.</summary>
public sealed record CaseState(Guid Id, string TrackingNumber, string Status, string ItemCode, CasePlace Place, CaseAssignment? Assignment, string? RuleId, string? CatalogueVersion, long Version, int ReturnCount = 0);

/// <summary>Where a case lies.</summary>
public sealed record CasePlace(string Grid, string Community, string Street, string District);

/// <summary>Who a case is assigned to.</summary>
public sealed record CaseAssignment(string Level, string UnitCode, string UnitName, IReadOnlyList<string> AssistingDepartments);
