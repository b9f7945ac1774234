using System.Text.Json;

namespace CallResponse.Routing;

/// <summary>Reads a JSON data file; a malformed one fails with the file, line and reason.</summary>
internal static class DataFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static T Read<T>(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new InvalidDataException($"{path}: the file is empty (null).");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException(
                $"{path}: line {exception.LineNumber + 1}, field '{exception.Path}': {exception.Message}", exception);
        }
    }
}

/// <summary>Collects the problems found in one data file, each with the field path that holds it.</summary>
internal sealed class DataErrors(string file)
{
    private readonly List<string> errors = [];

    public void Add(string field, string reason) => errors.Add($"{file}: {field}: {reason}");

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, errors));
        }
    }
}
