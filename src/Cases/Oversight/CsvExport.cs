using System.Globalization;
using System.Text;
using CallResponse.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallResponse.Cases.Oversight;

/// <summary>
/// The oversight exports (<c>format=csv</c>): RFC 4180 fields, UTF-8 with a byte-order mark so that
/// Excel opens the Chinese text, instants in China Standard Time. A text that Excel would take for a
/// formula (starting = + - @) is prefixed with an apostrophe: cells can hold what residents wrote.
/// </summary>
public static class CsvExport
{
    public const string Format = "csv";

    /// <summary>Whether <paramref name="format"/> is one the oversight endpoints answer in; null is JSON.</summary>
    private static bool IsKnown(string? format) => format is null or "json" or Format;

    /// <summary>Adds the error for a <paramref name="format"/> the oversight endpoints do not answer in.</summary>
    public static void Check(string? format, IDictionary<string, string[]> errors)
    {
        if (!IsKnown(format))
        {
            errors["format"] = ["json (default) or csv."];
        }
    }

    public static FileContentHttpResult File(
        string name,
        IReadOnlyList<string> header,
        IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder().AppendJoin(',', header.Select(Field)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return TypedResults.File(
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())],
            "text/csv; charset=utf-8",
            name);
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            DateTimeOffset instant =>
                instant.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string words when words.Length > 0 && "=+-@".Contains(words[0], StringComparison.Ordinal) => "'" + words,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
    }
}
