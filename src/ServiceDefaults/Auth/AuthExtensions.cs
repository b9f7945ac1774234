using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// Settings under <c>Auth</c>: the token signing key (never committed for production) and its issuer.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "callresponse";
    public const string Audience = "callresponse";

    /// <summary>HMAC-SHA256 key, at least 32 bytes. Development has one in appsettings.Development.json.</summary>
    public string SigningKey { get; set; } = string.Empty;

    public SymmetricSecurityKey Key()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException(
                "Auth:SigningKey must be set to at least 32 bytes (set Auth__SigningKey in the environment).");
    }
}

/// <summary>
/// JWT bearer authentication and role-based authorization, the same in every service: each checks
/// the token itself rather than trusting the gateway.
/// </summary>
public static class AuthExtensions
{
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var key = options.Key();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = true;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKey = key,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(options);
        return builder;
    }
}
