using System.Collections.Immutable;
using System.Security.Claims;
using System.Web;
using CallResponse.Identity.Accounts;
using CallResponse.Identity.Clients;
using CallResponse.Identity.SignIn;
using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CallResponse.Identity.Connect;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to us: authorize (the workbench's code with PKCE, for the
/// account signed in by cookie), token (codes, refresh tokens, machine clients) and end session. OpenIddict checks
/// the protocol; these say who the caller is, from the account or client as it is now.
/// </summary>
public static class ConnectEndpoints
{
    public const string AuthorizePath = "connect/authorize";
    public const string TokenPath = "connect/token";
    public const string LogoutPath = "connect/logout";
    public const string RevokePath = "connect/revoke";

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var connect = endpoints.MapGroup("/").AllowAnonymous().ExcludeFromDescription();
        connect.MapMethods("/" + AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        connect.MapPost("/" + TokenPath, TokenAsync);
        connect.MapMethods("/" + LogoutPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)LogoutAsync);
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, IdentitySettings settings)
    {
        var request = http.GetOpenIddictServerRequest()!;
        var here = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        var account = await SignInPages.SignedInAsync(http);
        if (account is not { Active: true })
        {
            return Results.LocalRedirect($"{SignInPages.LoginPath}?returnUrl={HttpUtility.UrlEncode(here)}");
        }

        if (SignInPages.NextStep(account, settings) is { } step)
        {
            return Results.LocalRedirect($"{step}?returnUrl={HttpUtility.UrlEncode(here)}");
        }

        return Results.SignIn(
            Principal(account.UserName!, account.DisplayName, account.Role, account.Unit, request.GetScopes()),
            properties: null,
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(
        HttpContext http, UserManager<StaffAccount> users, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest()!;
        if (request.IsClientCredentialsGrantType())
        {
            var client = await MachineClients.BindingAsync(applications, request.ClientId!, http.RequestAborted);
            return client is { Active: true }
                ? Results.SignIn(
                    Principal(request.ClientId!, client.DisplayName, client.Role, client.Unit, request.GetScopes()),
                    properties: null,
                    OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Refuse(Errors.InvalidClient, "The client is disabled.");
        }

        // A code or a refresh token: OpenIddict has checked it; the account decides whether it still counts.
        var granted = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var login = granted.Principal?.GetClaim(Claims.Subject);
        var account = login is null ? null : await users.FindByNameAsync(login);
        if (account is not { Active: true } || await users.IsLockedOutAsync(account))
        {
            return Refuse(Errors.InvalidGrant, "The account is disabled or locked out.");
        }

        // Role and unit as they are now: a re-bound account acts under its new binding from its next renewal.
        return Results.SignIn(
            Principal(
                account.UserName!, account.DisplayName, account.Role, account.Unit, granted.Principal!.GetScopes()),
            properties: null,
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>Who the token speaks for: subject, name, one role and one unit, for the API audience.</summary>
    private static ClaimsPrincipal Principal(
        string subject, string name, string role, string unit, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.Name, name)
            .SetClaim(Claims.Role, role)
            .SetClaim(Actor.UnitClaim, unit);
        identity.SetScopes(scopes);
        identity.SetResources(AuthOptions.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A protocol error; its description is ASCII, as RFC 6749 requires (it can travel in a header).</summary>
    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
