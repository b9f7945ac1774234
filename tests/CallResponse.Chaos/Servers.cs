using System.Diagnostics;
using Npgsql;

namespace CallResponse.Chaos;

/// <summary>
/// The checker's own PostgreSQL cluster and RabbitMQ node (<c>deploy/lib/chaos-servers.sh</c>), which it
/// stops, kills and freezes as a district's servers fail: the shared servers are never touched.
/// </summary>
public sealed class Servers(string script, string directory)
{
    public const string Postgres =
        "Host=127.0.0.1;Port=25432;Username=callresponse;Password=callresponse;Database=postgres";
    public const string Broker = "amqp://guest:guest@127.0.0.1:5673/";
    public const string Management = "http://guest:guest@127.0.0.1:15673/";
    private const string Superuser = "Host=127.0.0.1;Port=25432;Username=postgres;Database=postgres;Pooling=false";

    public Task StartAsync() => RunAsync("start", directory);

    public Task StopAsync() => RunAsync("stop", directory);

    public Task ActAsync(string action) => RunAsync(directory, action);

    /// <summary>Terminates every backend of <paramref name="database"/>, as an admin or a failover would.</summary>
    public async Task<int> TerminateBackendsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity "
            + "where datname = $1 and pid <> pg_backend_pid()",
            connection) { Parameters = { new() { Value = database } } };
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Holds a transaction open on <paramref name="database"/> for <paramref name="duration"/>, as a forgotten
    /// psql session does: its snapshot keeps vacuum from cleaning up, and schema changes to the case events wait.
    /// </summary>
    public async Task HoldTransactionAsync(string database, TimeSpan duration, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(Superuser) { Database = database };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("select count(*) from cases.mt_events", connection, transaction))
        {
            await command.ExecuteScalarAsync(cancellationToken);
        }

        await Task.Delay(duration, cancellationToken);
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Another fault (an outage, terminated backends) ended the transaction first: it was held all the same.
        }
    }

    private async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"chaos-servers.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): "
                + $"{await output}{await errors}");
        }
    }
}
