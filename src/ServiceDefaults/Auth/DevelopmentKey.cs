using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CallResponse.ServiceDefaults.Auth;

/// <summary>
/// The RSA key of Development tokens, read from a PEM file that whoever starts the system in Development makes
/// (the tests make one per run). Never committed and never read outside Development.
/// </summary>
public sealed class DevelopmentKey
{
    private DevelopmentKey(RSA rsa, string keyId)
    {
        PrivateKey = new RsaSecurityKey(rsa) { KeyId = keyId };
        PublicKey = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = keyId };
    }

    /// <summary>Signs Development tokens: only the gateway's role picker and the tests use it.</summary>
    public RsaSecurityKey PrivateKey { get; }

    /// <summary>What the services verify Development tokens with.</summary>
    public RsaSecurityKey PublicKey { get; }

    public static DevelopmentKey Load(string path)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        return new DevelopmentKey(rsa, keyId);
    }

    /// <summary>Writes a new key to <paramref name="path"/>, readable by its owner only.</summary>
    public static void Create(string path)
    {
        using var rsa = RSA.Create(2048);
        File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
