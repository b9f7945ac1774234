using Npgsql;

namespace CallResponse.Testing;

/// <summary>A fresh database for one test system, dropped afterwards, so tests never see each other's data.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var servers = await TestServers.GetAsync();
        var database = new TestDatabase(servers.Postgres, $"cr_test_{Guid.NewGuid():N}");
        await database.ExecuteAdminAsync($"create database {database.Name}");
        return database;
    }

    /// <summary>Runs a scalar query in this database, e.g. to count what was stored.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"alter database {Name} with allow_connections false");

        // A connection still authenticating has no role yet, and terminating it is refused (42501): try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAdminAsync($"drop database if exists {Name} with (force)");
                return;
            }
            catch (PostgresException refused) when (refused.SqlState is "42501" or "55006" && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
