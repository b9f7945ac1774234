using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallResponse.Identity.Accounts;
using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CallResponse.Identity.Clients;

/// <summary>
/// Machine clients (接口账号): a city 12345 platform, a script, the benchmark. Each gets tokens by client
/// credentials and acts as the one role and unit an admin bound it to. Kept as OpenIddict applications, the binding
/// in their properties.
/// </summary>
public static partial class MachineClients
{
    private const string RoleProperty = "role";
    private const string UnitProperty = "unit";
    private const string ActiveProperty = "active";

    public sealed record ClientBinding(string ClientId, string DisplayName, string Role, string Unit, bool Active);

    /// <param name="ClientId">3–40 lower-case letters, digits or <c>-</c>.</param>
    /// <param name="DisplayName">Who uses it, e.g. 市12345平台.</param>
    public sealed record NewClient(string? ClientId, string? DisplayName, string? Role, string? Unit);

    /// <param name="ClientSecret">Shown once; keep it where the client runs.</param>
    public sealed record CreatedClient(ClientBinding Client, string ClientSecret);

    public static IEndpointRouteBuilder MapMachineClients(this IEndpointRouteBuilder endpoints)
    {
        var clients = endpoints.MapGroup("/api/identity/clients")
            .WithTags("Machine clients")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        clients.MapGet("/", ListAsync).WithSummary("Machine clients and the role and unit each acts as.");
        clients.MapPost("/", CreateAsync).WithSummary("Register a machine client; answers its secret once.");
        clients.MapPost("/{clientId}/disable", DisableAsync).WithSummary("Disable a machine client: no new tokens.");
        return endpoints;
    }

    /// <summary>The binding of a machine client, or null when it is none (the workbench, or unknown).</summary>
    public static async Task<ClientBinding?> BindingAsync(
        IOpenIddictApplicationManager applications, string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (!properties.TryGetValue(RoleProperty, out var role) || !properties.TryGetValue(UnitProperty, out var unit))
        {
            return null;
        }

        return new ClientBinding(
            clientId,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId,
            role.GetString()!,
            unit.GetString()!,
            !properties.TryGetValue(ActiveProperty, out var active) || active.GetBoolean());
    }

    private static async Task<Ok<List<ClientBinding>>> ListAsync(
        IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var found = new List<ClientBinding>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var id = await applications.GetClientIdAsync(application, cancellationToken);
            if (id is not null && await BindingAsync(applications, id, cancellationToken) is { } binding)
            {
                found.Add(binding);
            }
        }

        return TypedResults.Ok(found.OrderBy(client => client.ClientId, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<Created<CreatedClient>, ValidationProblem>> CreateAsync(
        NewClient request, HttpContext http, IOpenIddictApplicationManager applications, Units units,
        AccountAdministration admin, CancellationToken cancellationToken)
    {
        if (request.ClientId is null || !ClientIdPattern().IsMatch(request.ClientId))
        {
            return AccountEndpoints.Invalid("clientId", "客户端编号须为 3–40 位小写字母、数字或 -。");
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            return AccountEndpoints.Invalid("displayName", "请填写使用方名称。");
        }

        if (await units.RefusalAsync(request.Role, request.Unit, cancellationToken) is { } refusal)
        {
            return AccountEndpoints.Invalid("binding", refusal);
        }

        if (await applications.FindByClientIdAsync(request.ClientId, cancellationToken) is not null)
        {
            return AccountEndpoints.Invalid("clientId", $"客户端编号 {request.ClientId} 已被使用。");
        }

        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await applications.CreateAsync(
            new OpenIddictApplicationDescriptor
            {
                ClientId = request.ClientId,
                ClientSecret = secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = request.DisplayName.Trim(),
                Permissions =
                {
                    Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials,
                    Permissions.Prefixes.Scope + AuthOptions.Audience,
                },
                Properties =
                {
                    [RoleProperty] = JsonSerializer.SerializeToElement(request.Role),
                    [UnitProperty] = JsonSerializer.SerializeToElement(request.Unit),
                    [ActiveProperty] = JsonSerializer.SerializeToElement(true),
                },
            },
            cancellationToken);
        var actor = Actor.From(http.User).UserId;
        await admin.AuditAsync(
            actor, "client-created", request.ClientId, $"{request.Role} {request.Unit}", cancellationToken);
        var binding = new ClientBinding(
            request.ClientId, request.DisplayName.Trim(), request.Role!, request.Unit!, Active: true);
        return TypedResults.Created($"/api/identity/clients/{request.ClientId}", new CreatedClient(binding, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        string clientId, HttpContext http, IOpenIddictApplicationManager applications, AccountAdministration admin,
        CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null || await BindingAsync(applications, clientId, cancellationToken) is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "接口账号不存在。", detail: $"没有编号为 {clientId} 的接口账号。");
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.Properties[ActiveProperty] = JsonSerializer.SerializeToElement(false);
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        await admin.AuditAsync(
            Actor.From(http.User).UserId, "client-disabled", clientId, string.Empty, cancellationToken);
        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,39}$")]
    private static partial Regex ClientIdPattern();
}
