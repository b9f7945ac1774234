using CallResponse.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CallResponse.Identity.Keys;

/// <summary>
/// <c>/api/identity/signing-keys</c> (admins): the issuer's keys and their rotation (密钥轮换). A new key is published
/// at once and signs <see cref="KeyRing.PublishAhead"/> later, so no service meets a token signed with a key it
/// has not read; the replaced key stays published for <see cref="KeyRing.KeepAfter"/>.
/// </summary>
public static class KeyRotation
{
    public sealed record KeyView(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset SignsFrom, string State);

    public static IEndpointRouteBuilder MapKeyRotation(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup("/api/identity/signing-keys")
            .WithTags("Signing keys")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        keys.MapGet("/", ListAsync).WithSummary("The signing keys: signing, next, published or retired.");
        keys.MapPost("/", RotateAsync)
            .WithSummary("Add the next signing key: published now, signing 15 minutes later.");
        return endpoints;
    }

    private static async Task<Ok<List<KeyView>>> ListAsync(
        IdentityStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var all = await store.SigningKeys.AsNoTracking()
            .Where(key => key.Use == SigningKey.Signing).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var published = KeyRing.Published(all, now);
        return TypedResults.Ok(all.OrderByDescending(key => key.SignsFrom).Select(key => new KeyView(
                key.Id, key.CreatedAt, key.SignsFrom,
                key.SignsFrom > now ? "next"
                : published.Count > 0 && published[0].Id == key.Id ? "signing"
                : published.Any(shown => shown.Id == key.Id) ? "published"
                : "retired"))
            .ToList());
    }

    private static async Task<Created<KeyView>> RotateAsync(
        IdentityStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = SigningKey.NewSigning(now, now + KeyRing.PublishAhead);
        store.SigningKeys.Add(key);
        await store.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/identity/signing-keys/{key.Id}", new KeyView(key.Id, key.CreatedAt, key.SignsFrom, "next"));
    }
}
