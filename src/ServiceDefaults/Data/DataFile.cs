using System.Text.Json;

namespace CallResponse.ServiceDefaults.Data;

/// <summary>
/// Reads a JSON data file (routing's catalogue, tree and rules; the cases service's assessment rules); a malformed
/// one fails with the file, line and reason.
/// </summary>
public static class DataFile
{
    /// <summary>How every data file is read: web names, comments and trailing commas allowed, nulls refused.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
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

/// <summary>
/// Collects the problems found in a data file (a catalogue, tree or rule set), each with the field path that holds
/// it: thrown with the file's name when loading, or answered as a problem's field errors over HTTP.
/// </summary>
public sealed class DataErrors(string source)
{
    private readonly List<(string Field, string Reason)> errors = [];

    public bool Any => errors.Count > 0;

    public void Add(string field, string reason) => errors.Add((field, reason));

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new InvalidDataException(string.Join(
                Environment.NewLine,
                errors.Select(error => $"{source}: {error.Field}: {error.Reason}")));
        }
    }

    public Dictionary<string, string[]> ByField() =>
        errors.GroupBy(error => error.Field)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray());
}
