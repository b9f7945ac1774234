using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// Settings under <c>Auth</c>: which issuer's tokens a service accepts and where it reads that issuer's public keys.
/// No service holds a signing secret: the identity service signs, everyone else only verifies.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The audience the identity service gives the API's access tokens.</summary>
    public const string Audience = "api";

    /// <summary>
    /// The issuer of Development tokens (tests, the role picker), signed with <see cref="DevelopmentKeyFile"/>.
    /// </summary>
    public const string DevelopmentIssuer = "callresponse-development";

    /// <summary>
    /// The identity service's public address as its tokens name it, e.g. <c>http://localhost:8080/</c>.
    /// </summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>
    /// Where the issuer's public keys (JWKS) are read, on the internal network, e.g.
    /// <c>http://127.0.0.1:8085/.well-known/jwks</c>. Read again every 10 minutes and when a token names a key not
    /// yet seen, so a rotated key is taken up without a restart.
    /// </summary>
    public string KeysAddress { get; set; } = string.Empty;

    /// <summary>
    /// Development only: a PEM file holding an RSA key whose public half signs <see cref="DevelopmentIssuer"/>
    /// tokens, so tests and the workbench's role picker can act as anyone. Ignored outside Development.
    /// </summary>
    public string DevelopmentKeyFile { get; set; } = string.Empty;

    /// <summary>The district's code, the root of the area tree: the unit of district-wide roles.</summary>
    public string District { get; set; } = "LW";
}

/// <summary>
/// JWT bearer authentication and role-based authorization, the same in every service: each checks the token
/// itself rather than trusting the gateway, and every endpoint needs a signed-in caller unless it says otherwise.
/// </summary>
public static class AuthExtensions
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var development = builder.Environment.IsDevelopment();
        var issuers = new List<string>();
        var keys = new List<SecurityKey>();
        if (options.Issuer.Length > 0)
        {
            issuers.Add(options.Issuer);
        }

        if (development && options.DevelopmentKeyFile.Length > 0)
        {
            issuers.Add(AuthOptions.DevelopmentIssuer);
            keys.Add(DevelopmentKey.Load(options.DevelopmentKeyFile).PublicKey);
        }

        if (issuers.Count == 0 || (options.Issuer.Length > 0) != (options.KeysAddress.Length > 0))
        {
            throw new InvalidOperationException(
                "Set Auth:Issuer and Auth:KeysAddress to the identity service (Development may instead set only "
                + "Auth:DevelopmentKeyFile).");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = true;
                jwt.RequireHttpsMetadata = false;
                if (options.KeysAddress.Length > 0)
                {
                    jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        options.KeysAddress, new KeySetRetriever(), new HttpDocumentRetriever { RequireHttps = false })
                    {
                        AutomaticRefreshInterval = TimeSpan.FromMinutes(10),
                        RefreshInterval = TimeSpan.FromSeconds(10),
                    };
                }

                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = issuers,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKeys = keys,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // A token the issuer signed can still name no unit, two roles or a unit of the wrong level
                    // (a client bound by hand, an older account): it is no one this system knows.
                    OnTokenValidated = context =>
                    {
                        if (ActorCheck.Refusal(context.Principal!, options.District) is { } refusal)
                        {
                            context.Fail(refusal);
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton(options);
        return builder;
    }

    /// <summary>Reads a bare JWKS document (not a discovery document) as the configuration JWT bearer needs.</summary>
    private sealed class KeySetRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(
            string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keySet };
            foreach (var key in keySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
