using CallResponse.Identity.Accounts;
using CallResponse.Identity.Keys;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CallResponse.Identity;

/// <summary>
/// The identity service's tables, in its own schema <c>identity</c>: staff accounts (ASP.NET Core Identity),
/// OpenIddict's applications, authorizations and tokens, the account audit and the signing keys.
/// </summary>
public sealed class IdentityStore(DbContextOptions<IdentityStore> options) : IdentityDbContext<StaffAccount>(options)
{
    public const string Schema = "identity";

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<StaffAccount>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(StaffAccount.DisplayNameMaxLength);
            account.Property(a => a.Role).HasMaxLength(32);
            account.Property(a => a.Unit).HasMaxLength(32);
            account.HasIndex(a => new { a.Role, a.Unit });
        });
        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit");
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Subject, e.At });
        });
        builder.Entity<SigningKey>().ToTable("signing_keys");
    }

    /// <summary>
    /// Creates the schema's tables on a database that has none of them. EnsureCreated cannot: it does nothing once
    /// any table exists, and the other services' schemas share this database. An advisory lock keeps two starting
    /// replicas from both creating.
    /// </summary>
    public static async Task CreateTablesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IdentityStore>();
        await store.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)store.Database.GetDbConnection();
        const string Lock = "hashtext('identity-schema')";
        await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_lock({Lock})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var exists = new NpgsqlCommand(
                $"select to_regclass('{Schema}.\"AspNetUsers\"') is not null", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                await store.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellationToken);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({Lock})", connection);
            await unlock.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
