using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallResponse.Testing;
using Npgsql;

namespace CallResponse.EndToEnd.Tests;

/// <summary>A request's query that runs too long is cancelled and answered 503, not 500 and not never.</summary>
[Collection(SystemCollection.Name)]
public sealed class StatementTimeoutTests(RunningSystem system)
{
    [Fact]
    public async Task A_read_held_up_by_a_lock_past_the_request_timeout_is_a_503_problem()
    {
        var logged = await system.LogCallAsync(Calls.Valid());
        await using var connection = new NpgsqlConnection(system.Database.ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage held;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // As a long migration or a runaway query would: every read of intake's events waits.
            await using var take = new NpgsqlCommand("lock table intake.mt_events in access exclusive mode", connection, transaction);
            await take.ExecuteNonQueryAsync();
            clock.Restart();
            held = await system.Gateway.GetAsync($"/api/calls/{logged.CaseId}");
        }

        using (held)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, held.StatusCode);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20)); // Database:RequestTimeout, 10 s
            Assert.NotNull(held.Headers.RetryAfter);
            Assert.Equal("数据库繁忙", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }

        using var free = await system.Gateway.GetAsync($"/api/calls/{logged.CaseId}");
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }
}
