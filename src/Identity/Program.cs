using CallResponse.Identity;
using CallResponse.Identity.Accounts;
using CallResponse.Identity.Clients;
using CallResponse.Identity.Connect;
using CallResponse.Identity.Keys;
using CallResponse.Identity.SignIn;
using CallResponse.ServiceDefaults;
using CallResponse.ServiceDefaults.Auth;
using CallResponse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

// The OpenID Connect provider (账号与登录): staff accounts bound to a role and a unit, the workbench's sign-in
// (authorization code with PKCE), machine clients (client credentials), and the keys every service verifies
// tokens with. Behind the gateway: /connect, /account, /.well-known and /api/identity (src/docs/security.md).
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity", "CallResponse Identity (账号与登录)");
var settings = builder.Configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>() ?? new();
var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new();
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddServiceClient(builder.Configuration, Units.RoutingClient, "http://localhost:8082");
builder.Services.AddSingleton<Units>();
builder.Services.AddScoped<AccountAdministration>();

builder.Services.AddDbContext<IdentityStore>(options =>
{
    options.UseNpgsql(builder.Configuration.GetConnectionString("Postgres"));
    options.UseOpenIddict();
});

builder.Services.AddIdentity<StaffAccount, IdentityRole>(identity =>
    {
        identity.User.RequireUniqueEmail = false;
        identity.Password.RequiredLength = 10;
        identity.Password.RequireNonAlphanumeric = false;
        identity.Password.RequireUppercase = false;
        identity.Lockout.MaxFailedAccessAttempts = 5;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        identity.Lockout.AllowedForNewUsers = true;
        identity.SignIn.RequireConfirmedAccount = false;
    })
    .AddEntityFrameworkStores<IdentityStore>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.LoginPath = SignInPages.LoginPath;
    cookie.Cookie.Name = "callresponse.signin";
    cookie.Cookie.SameSite = SameSiteMode.Lax;
    cookie.ExpireTimeSpan = settings.RefreshTokenLifetime;
    cookie.SlidingExpiration = false;
});

builder.Services.AddSingleton<KeyRing>();
builder.Services.AddHostedService(services => services.GetRequiredService<KeyRing>());
builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(services =>
    services.GetRequiredService<KeyRing>());
builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(services =>
    services.GetRequiredService<KeyRing>());
builder.Services.AddOpenIddict()
    .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityStore>())
    .AddServer(server =>
    {
        server.SetIssuer(new Uri(auth.Issuer))
            .SetAuthorizationEndpointUris(ConnectEndpoints.AuthorizePath)
            .SetTokenEndpointUris(ConnectEndpoints.TokenPath)
            .SetEndSessionEndpointUris(ConnectEndpoints.LogoutPath)
            .SetRevocationEndpointUris(ConnectEndpoints.RevokePath)
            .SetJsonWebKeySetEndpointUris(".well-known/jwks")
            .AllowAuthorizationCodeFlow()
            .RequireProofKeyForCodeExchange()
            .AllowRefreshTokenFlow()
            .AllowClientCredentialsFlow()
            .RegisterScopes(
                OpenIddict.Abstractions.OpenIddictConstants.Scopes.OpenId,
                OpenIddict.Abstractions.OpenIddictConstants.Scopes.Profile,
                OpenIddict.Abstractions.OpenIddictConstants.Scopes.OfflineAccess,
                AuthOptions.Audience)
            .SetAccessTokenLifetime(settings.AccessTokenLifetime)
            .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
            .DisableAccessTokenEncryption();
        // Keys come from the store through KeyRing; only S256 code challenges (never "plain").
        server.Configure(options => options.CodeChallengeMethods.Remove(
            OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));
        server.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough()
            .EnableStatusCodePagesIntegration()
            // TLS ends before the gateway in a district's network; locally there is none.
            .DisableTransportSecurityRequirement();
    });

builder.AddAuth();
// ASP.NET Core Identity made its cookie the default; the API is called with bearer tokens like every service.
builder.Services.Configure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(options =>
{
    options.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultAuthenticateScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultChallengeScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultForbidScheme = JwtBearerDefaults.AuthenticationScheme;
});
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    // Only the gateway reaches this service (it listens on loopback): its forwarded host is the public one.
    options.ForwardedHeaders = ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedProto;
    options.KnownIPNetworks.Clear();
    options.KnownProxies.Clear();
});
builder.Services.AddAntiforgery();

var app = builder.Build();
await IdentityStore.CreateTablesAsync(app.Services, CancellationToken.None);
await Seeding.RunAsync(app.Services, CancellationToken.None);

app.UseForwardedHeaders();
app.UseServiceDefaults();
app.UseAntiforgery();
app.MapSignInPages();
app.MapConnectEndpoints();
app.MapAccounts();
app.MapMachineClients();
app.MapKeyRotation();
app.Run();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
