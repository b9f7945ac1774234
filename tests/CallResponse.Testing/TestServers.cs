using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace CallResponse.Testing;

/// <summary>Where the tests' PostgreSQL and RabbitMQ are.</summary>
/// <param name="Postgres">A connection string whose role may create databases.</param>
/// <param name="RabbitMq">An AMQP URI with credentials, e.g. <c>amqp://guest:guest@localhost:5672/</c>.</param>
/// <param name="RabbitMqManagement">The management API, to create a virtual host per test system.</param>
public sealed record ServerEndpoints(string Postgres, Uri RabbitMq, Uri RabbitMqManagement);

/// <summary>
/// The real servers the tests talk to: the ones <c>./deploy/test</c> started (named by
/// <c>CALLRESPONSE_TEST_POSTGRES</c> and <c>CALLRESPONSE_TEST_RABBITMQ</c>), or containers where a
/// Docker engine answers. Neither: the test fails with the reason, it never skips.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<ServerEndpoints>> Endpoints = new(ResolveAsync);

    public static Task<ServerEndpoints> GetAsync() => Endpoints.Value;

    private static async Task<ServerEndpoints> ResolveAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("CALLRESPONSE_TEST_POSTGRES");
        var rabbitMq = Environment.GetEnvironmentVariable("CALLRESPONSE_TEST_RABBITMQ");
        if (!string.IsNullOrWhiteSpace(postgres) && !string.IsNullOrWhiteSpace(rabbitMq))
        {
            var broker = new Uri(rabbitMq);
            var management = Environment.GetEnvironmentVariable("CALLRESPONSE_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } configured
                ? new Uri(configured)
                : new UriBuilder("http", broker.Host, 15672) { UserName = broker.UserInfo.Split(':')[0], Password = broker.UserInfo.Split(':')[1] }.Uri;
            return new ServerEndpoints(postgres, broker, management);
        }

        try
        {
            return await StartContainersAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                "The tests need real PostgreSQL and RabbitMQ servers. Run them through ./deploy/test (which starts both " +
                "and sets CALLRESPONSE_TEST_POSTGRES and CALLRESPONSE_TEST_RABBITMQ), or start a Docker engine for Testcontainers.",
                exception);
        }
    }

    private static async Task<ServerEndpoints> StartContainersAsync()
    {
        var postgres = new PostgreSqlBuilder("postgres:15").WithCommand("-c", "max_connections=300").Build();
        var rabbitMq = new RabbitMqBuilder("rabbitmq:3-management")
            .WithPortBinding(15672, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(15672).ForPath("/")))
            .Build();
        await Task.WhenAll(postgres.StartAsync(), rabbitMq.StartAsync());
        var broker = new Uri(rabbitMq.GetConnectionString());
        var management = new UriBuilder("http", rabbitMq.Hostname, rabbitMq.GetMappedPublicPort(15672))
        {
            UserName = RabbitMqBuilder.DefaultUsername,
            Password = RabbitMqBuilder.DefaultPassword,
        }.Uri;
        return new ServerEndpoints(postgres.GetConnectionString(), broker, management);
    }
}
