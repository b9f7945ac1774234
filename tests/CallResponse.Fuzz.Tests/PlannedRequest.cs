using System.Text;

namespace CallResponse.Fuzz.Tests;

/// <summary>
/// Who sends a request. <paramref name="SeesSeededCases"/> is false for units the seeded cases lie outside of:
/// such a caller must never be shown one of them.
/// </summary>
public sealed record Identity(string Role, string Unit, bool SeesSeededCases)
{
    public override string ToString() => $"{Role} of {Unit}";
}

/// <summary>
/// One fuzzed request, planned from the seed before anything is sent, so a seed and a number name it again.
/// <paramref name="Defects"/> are what the contract requires refusing (every mutating request has one);
/// <paramref name="Noise"/> is what a service must survive but may accept.
/// </summary>
public sealed record PlannedRequest(
    int Number,
    ApiOperation Operation,
    Identity Identity,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<string> Defects,
    IReadOnlyList<string> Noise)
{
    public bool Mutates => Method is not "GET";

    /// <summary>Shaped to be valid but for odd text: may be accepted, and its changes are then accounted for.</summary>
    public bool Probe { get; init; }

    /// <summary>The request as text, enough to send it again by hand (a body that is not UTF-8 as base64).</summary>
    public string Describe(int seed)
    {
        var text = new StringBuilder()
            .AppendLine($"request #{Number} of seed {seed}, {Operation} ({Operation.Service}) as {Identity}")
            .AppendLine($"  defects: {string.Join(", ", Defects.DefaultIfEmpty("none"))}; "
                + $"noise: {string.Join(", ", Noise.DefaultIfEmpty("none"))}")
            .AppendLine($"  {Method} {Url}");
        foreach (var (name, value) in Headers)
        {
            text.AppendLine($"  {name}: {Escape(value)}");
        }

        if (ContentType is not null)
        {
            text.AppendLine($"  Content-Type: {Escape(ContentType)}");
        }

        if (Body is not null)
        {
            text.AppendLine($"  body ({Body.Length} bytes): {BodyText(Body)}");
        }

        return text.ToString();
    }

    private static string BodyText(byte[] body)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(body);
            return Escape(text.Length > 600 ? text[..600] + "…" : text);
        }
        catch (DecoderFallbackException)
        {
            return "base64 " + Convert.ToBase64String(body.Length > 600 ? body[..600] : body);
        }
    }

    /// <summary>Control characters as \uXXXX, so the report stays one readable line per header.</summary>
    private static string Escape(string value) => string.Concat(value.Select(character =>
        char.IsControl(character) || char.IsSurrogate(character) ? $"\\u{(int)character:x4}" : character.ToString()));
}
