using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.Identity.Keys;

/// <summary>
/// A key of the issuer, kept in the identity schema so every replica and every restart uses the same ones. An RSA
/// key signs tokens (RS256) from <see cref="SignsFrom"/>; it is published in the JWKS before that, so services have
/// it before the first token it signs, and after, until the tokens it signed have expired. One symmetric key
/// encrypts what only the issuer reads (codes, refresh tokens).
/// </summary>
public sealed class SigningKey
{
    public const string Signing = "signing";
    public const string Encryption = "encryption";

    public string Id { get; set; } = string.Empty;

    /// <summary>
    /// <see cref="Signing"/> (an RSA private key, PEM) or <see cref="Encryption"/> (256 bits, base64).
    /// </summary>
    public string Use { get; set; } = Signing;

    public string Material { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset SignsFrom { get; set; }

    public static SigningKey NewSigning(DateTimeOffset now, DateTimeOffset signsFrom)
    {
        using var rsa = RSA.Create(2048);
        return new SigningKey
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Use = Signing,
            Material = rsa.ExportRSAPrivateKeyPem(),
            CreatedAt = now,
            SignsFrom = signsFrom,
        };
    }

    public static SigningKey NewEncryption(DateTimeOffset now) => new()
    {
        Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
        Use = Encryption,
        Material = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        CreatedAt = now,
        SignsFrom = now,
    };

    public SecurityKey ToSecurityKey()
    {
        if (Use == Encryption)
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(Material)) { KeyId = Id };
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(Material);
        return new RsaSecurityKey(rsa) { KeyId = Id };
    }
}
