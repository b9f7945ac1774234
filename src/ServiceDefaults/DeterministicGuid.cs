using System.Security.Cryptography;
using System.Text;

namespace CallResponse.ServiceDefaults;

/// <summary>
/// A name-based id (RFC 9562 version 8, SHA-256): the same scope and name always give the same id.
/// Used where a retry or a redelivery must land on the same stream or decision.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(string scope, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
