using CallResponse.Identity.Accounts;
using CallResponse.Identity.Keys;
using CallResponse.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CallResponse.Identity;

/// <summary>
/// What the identity service needs before its first request: keys, the <c>api</c> scope, the workbench as a public
/// client at its configured addresses, the first admin and, in a demo install, one account per role.
/// </summary>
public static class Seeding
{
    public const string WorkbenchClientId = "workbench";
    public const string System = "system";

    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var settings = provider.GetRequiredService<IdentitySettings>();
        var store = provider.GetRequiredService<IdentityStore>();
        await EnsureKeysAsync(store, TimeProvider.System.GetUtcNow(), cancellationToken);
        await EnsureApiScopeAsync(provider.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
        var applications = provider.GetRequiredService<IOpenIddictApplicationManager>();
        await EnsureWorkbenchAsync(applications, settings, cancellationToken);
        await EnsureAccountsAsync(provider, settings, cancellationToken);
    }

    private static async Task EnsureKeysAsync(
        IdentityStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.SigningKeys.AnyAsync(key => key.Use == SigningKey.Signing, cancellationToken))
        {
            store.SigningKeys.Add(SigningKey.NewSigning(now, now));
        }

        if (!await store.SigningKeys.AnyAsync(key => key.Use == SigningKey.Encryption, cancellationToken))
        {
            store.SigningKeys.Add(SigningKey.NewEncryption(now));
        }

        await store.SaveChangesAsync(cancellationToken);
    }

    private static async Task EnsureApiScopeAsync(IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        if (await scopes.FindByNameAsync(AuthOptions.Audience, cancellationToken) is null)
        {
            await scopes.CreateAsync(
                new OpenIddictScopeDescriptor { Name = AuthOptions.Audience, Resources = { AuthOptions.Audience } },
                cancellationToken);
        }
    }

    /// <summary>
    /// The workbench: a public client (a page holds no secret), code with PKCE, at the configured origins.
    /// </summary>
    private static async Task EnsureWorkbenchAsync(
        IOpenIddictApplicationManager applications, IdentitySettings settings, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = WorkbenchClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "工作台",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Prefixes.Scope + AuthOptions.Audience,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var address in settings.WorkbenchAddresses)
        {
            descriptor.RedirectUris.Add(new Uri(address));
            descriptor.PostLogoutRedirectUris.Add(new Uri(address));
        }

        // The addresses follow the configuration at every start (a test's gateway has its own port).
        if (await applications.FindByClientIdAsync(WorkbenchClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static async Task EnsureAccountsAsync(
        IServiceProvider provider, IdentitySettings settings, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<IdentityStore>();
        if (await store.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        await provider.GetRequiredService<Units>().WaitForRoutingAsync(TimeSpan.FromMinutes(3), cancellationToken);
        var admin = provider.GetRequiredService<AccountAdministration>();
        var log = provider.GetRequiredService<ILogger<IdentityStore>>();
        if (settings.FirstAdminPassword.Length > 0)
        {
            var district = provider.GetRequiredService<AuthOptions>().District;
            var (_, refusal) = await admin.CreateAsync(
                System, settings.FirstAdminLogin, "系统管理员", Roles.Admin, district, settings.FirstAdminPassword,
                cancellationToken);
            if (refusal is not null)
            {
                throw new InvalidOperationException($"The first admin could not be made: {refusal}");
            }
        }

        if (settings.DemoRoster.Length == 0)
        {
            return;
        }

        var csv = await File.ReadAllTextAsync(settings.DemoRoster, cancellationToken);
        var (report, unreadable) = await RosterImport.RunAsync(
            admin, System, csv, settings.DemoPassword, cancellationToken);
        foreach (var row in report?.Rows.Where(row => !row.Created) ?? [])
        {
            log.LogWarning("Demo account {Login} not made: {Refusal}", row.Login, row.Refusal);
        }

        if (unreadable is not null)
        {
            throw new InvalidOperationException($"The demo roster {settings.DemoRoster} cannot be read: {unreadable}");
        }
    }
}
