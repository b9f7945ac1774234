using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace CallResponse.Identity.Keys;

/// <summary>
/// Gives OpenIddict the keys in the store and takes up a rotation without a restart: once a minute it looks at
/// which key signs and which are published, and rebuilds OpenIddict's options when that changed.
/// </summary>
public sealed class KeyRing(IServiceScopeFactory scopes, TimeProvider clock, ILogger<KeyRing> log)
    : BackgroundService, IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    /// <summary>A new key is published this long before it signs: longer than the services' JWKS refresh.</summary>
    public static readonly TimeSpan PublishAhead = TimeSpan.FromMinutes(15);

    /// <summary>A replaced key stays published this long: past the last refresh token it signed.</summary>
    public static readonly TimeSpan KeepAfter = TimeSpan.FromDays(1);

    private CancellationTokenSource changed = new();
    private string shape = string.Empty;

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(changed.Token);

    public void Configure(OpenIddictServerOptions options)
    {
        var (signing, encryption) = Current();
        // OpenIddict signs with the first usable key it is given: the one whose time has come goes first.
        foreach (var key in signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key.ToSecurityKey(), SecurityAlgorithms.RsaSha256));
        }

        foreach (var key in encryption)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                (SymmetricSecurityKey)key.ToSecurityKey(),
                SecurityAlgorithms.Aes256KW,
                SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    /// <summary>The signing keys to publish, the one that signs now first, and the encryption keys.</summary>
    public (IReadOnlyList<SigningKey> Signing, IReadOnlyList<SigningKey> Encryption) Current()
    {
        using var scope = scopes.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<IdentityStore>().SigningKeys.AsNoTracking().ToList();
        return (Published(keys, clock.GetUtcNow()), keys.Where(key => key.Use == SigningKey.Encryption).ToList());
    }

    /// <summary>
    /// The signing keys to publish at <paramref name="now"/>: the newest whose time has come (it signs), those
    /// waiting for their time, and those it replaced less than <see cref="KeepAfter"/> ago.
    /// </summary>
    public static IReadOnlyList<SigningKey> Published(IEnumerable<SigningKey> keys, DateTimeOffset now)
    {
        var signing = keys.Where(key => key.Use == SigningKey.Signing).OrderByDescending(key => key.SignsFrom).ToList();
        var current = signing.FirstOrDefault(key => key.SignsFrom <= now);
        if (current is null)
        {
            return signing;
        }

        var replacedAt = current.SignsFrom;
        var older = new List<SigningKey>();
        foreach (var key in signing.Where(key => key.SignsFrom < current.SignsFrom))
        {
            if (now - replacedAt < KeepAfter)
            {
                older.Add(key);
            }

            replacedAt = key.SignsFrom;
        }

        return [current, .. signing.Where(key => key.SignsFrom > now), .. older];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            string now;
            try
            {
                now = Shape();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                log.LogWarning(error, "Could not read the keys; the ones in use stay until the next look");
                continue;
            }

            if (shape.Length > 0 && now != shape)
            {
                var fired = changed;
                changed = new CancellationTokenSource();
                await fired.CancelAsync();
            }

            shape = now;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private string Shape() => string.Join(",", Current().Signing.Select(key => key.Id));
}
