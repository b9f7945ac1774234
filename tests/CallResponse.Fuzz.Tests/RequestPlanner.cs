using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallResponse.Fuzz.Tests;

/// <summary>What was logged before fuzzing, so path ids and tracking numbers can be real as well as garbage.</summary>
public sealed record SeededData(
    IReadOnlyList<Guid> Cases, IReadOnlyList<string> TrackingNumbers, string CatalogueVersion);

/// <summary>
/// Plans request number n from a seed: an operation, an identity, values from its schemas (realistic where
/// the name is known) and mutations. A request to a mutating method carries at least one defect the contract
/// requires refusing (a path id that does not exist or is not an id, a body that is not the JSON the endpoint
/// reads, a media type it does not take, a method the path does not have), so a 2xx to one is a finding;
/// unless it is a probe: a POST shaped to be valid, on a real case with its current ETag, but for odd text in
/// one field, which may be accepted. GETs may also go out with noise only.
/// </summary>
public sealed class RequestPlanner(IReadOnlyList<ApiOperation> operations, SeededData seeded, int seed)
{
    public static readonly IReadOnlyList<Identity> Identities =
    [
        new("grid-worker", "LW-HL-01-G01", true),
        new("community-dispatcher", "LW-HL-01", true),
        new("street-dispatcher", "LW-HL", true),
        new("liaison", "SW", true),
        new("supervisor", "LW", true),
        new("admin", "LW", true),
        new("grid-worker", "LW-LN-01-G01", false),
        new("community-dispatcher", "LW-HL-02", false),
        new("street-dispatcher", "LW-LN", false),
        new("liaison", "GA", false),
        new("supervisor", "LW-LN", false),
    ];

    /// <summary>The If-Match of a probe: the case's ETag, read just before the probe is sent.</summary>
    public const string CurrentETag = "(the case's current ETag)";

    private static readonly string[] MutatingMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Realistic values by parameter or property name, so requests get past the first check.</summary>
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["itemCode"] = ["WATER-01", "CITY-01"],
        ["gridCode"] = ["LW-HL-01-G01", "LW-LN-01-G01"],
        ["channel"] = ["walk-in", "phone", "chat-group", "patrol"],
        ["code"] = ["LW-HL", "LW-HL-01", "LW", "LW-HL-01-G01"],
        ["street"] = ["LW-HL", "LW-LN"],
        ["level"] = ["grid", "community", "street", "department", "district"],
        ["unit"] = ["SW", "CG", "LW-HL"],
        ["unitCode"] = ["SW", "CG", "LW-HL-01"],
        ["departments"] = ["SW", "CG", "GA"],
        ["quarter"] = ["2026Q3", "2026Q4"],
        ["format"] = ["csv", "json"],
        ["status"] = ["routed", "claimed", "resolved", "closed"],
        ["kind"] = ["messages", "events"],
        ["by"] = ["department", "street"],
        ["phone"] = ["13700001111", "0101234567"],
    };

    /// <summary>Text a service must store, echo or refuse cleanly: control characters, huge, odd Unicode.</summary>
    private static readonly string[] OddText =
    [
        "", " ", "\u0000", "a\u0000b", "\u0001\u0002\u001b[31m", "\u007f", "\u200b\u202e反转", "😀🚒",
        new string('长', 5000), new string('x', 70_000), "<script>alert(1)</script>", "'; drop table x; --",
        "%s%n%x", "../../etc/passwd", "\\", "\"", "null", "NaN", "-1", "1e400", "\t\n\r", "\uFFFF", "\uFEFF",
    ];

    /// <summary>Path segments that are not what the route wants (already encoded for the URL).</summary>
    private static readonly string[] GarbageSegments =
    [
        "abc", "0", "-1", "%00", "%E4%B8%AD%E6%96%87", "..%2F..%2Fadmin", "%FF%FE", "%20", "%7B00000000%7D",
        "00000000-0000-0000-0000-00000000000", "null", "undefined", "%0A", "%C0%AF", "'%3B--", "%F0%9F%98%80",
        new string('9', 300), "00000000-0000-0000-0000-000000000000", "%25", "%2e%2e",
    ];

    /// <summary>Query values already encoded for the URL, some of them badly on purpose.</summary>
    private static readonly string[] GarbageQueryValues =
    [
        "%ZZ", "%C3%28", "%00", "abc", "-1", "99999999999999999999", "2026-13-45", "2026-02-30", "yesterday",
        "%E4%B8%AD", "1.5", "true", "", "%0D%0A", "[1,2]", "%FF", new string('a', 4000), "%2B", "0001-01-01",
    ];

    private static readonly string[] IfMatchValues =
        ["\"abc\"", "*", "W/\"1\"", "\"99999999999999999999\"", "\"-5\"", "\"1\", \"2\"", "1", "\"\"", "\"0\""];

    private static readonly string[] OddHeaders =
    [
        "Accept: application/xml", "Accept: text/csv", "Accept: */*;q=0", "Accept: image/*",
        "Accept-Language: zh-CN,garbage;;q=x", "X-Forwarded-For: not-an-ip, 999.1.1.1", "Accept-Encoding: br;q=2, *",
        "traceparent: 00-garbage-01", "traceparent: 00-00000000000000000000000000000000-0000000000000000-00",
        "Range: bytes=abc", "Cookie: a=\u0001", "X-Unit: LW", "X-Role: admin", "Forwarded: for=\"[::1\"",
        "Idempotency-Key: 钥匙-幂等", "Idempotency-Key: \u0001\u007f", "Idempotency-Key: " + new string('k', 300),
        "Idempotency-Key: ", "Idempotency-Key: \tkey", "Origin: null", "Host-Override: x", "Expect: 100-continue",
    ];

    private static readonly string[] WrongMediaTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""];

    private static readonly string[] OddJsonMediaTypes =
    [
        "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;",
        "APPLICATION/JSON",
    ];

    public IReadOnlyList<PlannedRequest> Plan(int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(number => Plan(number, random)).ToList();
    }

    private PlannedRequest Plan(int number, Random random)
    {
        var operation = operations[random.Next(operations.Count)];
        // POSTs with a JSON body (calls, case commands, routing by hand) and DELETEs (a contact's erasure, its
        // reason in the query). Not PUT /api/catalogue, whose new version would change every later request's
        // reference data, nor the admins' rebuilds and redrives, which take no text.
        if ((operation is { Method: "POST", Body.IsJson: true } || operation.Method == "DELETE")
            && random.NextDouble() < 0.3)
        {
            return Probe(number, operation, random);
        }

        var identity = Identities[random.Next(Identities.Count)];
        var defects = new List<string>();
        var noise = new List<string>();

        // Weighted towards what reaches the services' own code; a wrong method stops at routing.
        var kinds = new List<string> { "method" };
        if (operation.Parameters.Any(parameter => parameter.In == "path"))
        {
            kinds.AddRange(["path", "path", "path"]);
        }

        if (operation.Body is not null)
        {
            kinds.AddRange(["body", "body", "body", "media-type"]);
        }

        // Mutating requests always carry a defect; GETs often do (rarely a wrong method), else noise only.
        var defectRate = operation.Mutates ? 1.0 : kinds.Count > 1 ? 0.6 : 0.15;
        var defect = random.NextDouble() < defectRate ? Pick(random, kinds) : null;
        var method = operation.Method;
        if (defect == "method")
        {
            var taken = operations.Where(other => other.Path == operation.Path)
                .Select(other => other.Method)
                .ToHashSet();
            method = Pick(random, MutatingMethods.Where(candidate => !taken.Contains(candidate)).ToList());
            defects.Add($"method:{method}");
        }

        var url = new StringBuilder(PathOf(operation, defect == "path", random, defects));
        url.Append(QueryOf(operation, random, noise));
        var headers = HeadersOf(operation, random, noise);
        var (body, contentType) = operation.Body is null
            ? random.NextDouble() < 0.05
                ? (Encoding.UTF8.GetBytes("{\"unexpected\":true}"), "application/json")
                : (null, null)
            : BodyOf(operation.Body, operation.Schemas, defect, random, defects, noise);
        if (operation.Body is null && body is not null)
        {
            noise.Add("body:unexpected");
        }

        return new PlannedRequest(
            number, operation, identity, method, url.ToString(), headers, body, contentType, defects, noise);
    }

    private PlannedRequest Probe(int number, ApiOperation operation, Random random)
    {
        var identity = Pick(random, Identities.Where(candidate => candidate.SeesSeededCases).ToList());
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(parameter => parameter.In == "path"))
        {
            var id = Pick(random, seeded.Cases).ToString();
            path = path.Replace("{" + parameter.Name + "}", id, StringComparison.Ordinal);
        }

        var noise = new List<string> { "probe" };
        var query = operation.Parameters.Where(parameter => parameter.In == "query")
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(Pick(random, OddText))}")
            .ToList();
        if (query.Count > 0)
        {
            path += "?" + string.Join('&', query);
            noise.Add("query:odd-text");
        }

        var sample = operation.Body is null ? null : Sample(operation.Schemas, operation.Body.Schema, null, random, 0);
        if (sample is JsonObject target)
        {
            PutOddText(target, random, noise);
        }

        List<KeyValuePair<string, string>> headers = [new("Idempotency-Key", Guid.NewGuid().ToString())];
        if (operation.Path.StartsWith("/api/cases/{id}/", StringComparison.Ordinal))
        {
            headers.Add(new("If-Match", CurrentETag));
        }

        var (body, contentType) = sample is null
            ? (null, null)
            : (Encoding.UTF8.GetBytes(sample.ToJsonString()), "application/json");
        return new PlannedRequest(
            number, operation, identity, operation.Method, path, headers, body, contentType, [], noise)
        {
            Probe = true,
        };
    }

    private string PathOf(ApiOperation operation, bool garbage, Random random, List<string> defects)
    {
        var path = operation.Path;
        var parameters = operation.Parameters.Where(parameter => parameter.In == "path").ToList();
        var spoiled = garbage ? parameters[random.Next(parameters.Count)] : null;
        foreach (var parameter in parameters)
        {
            string value;
            if (parameter == spoiled)
            {
                var isId = FormatOf(parameter.Schema) == "uuid";
                value = isId && random.NextDouble() < 0.4 ? Guid.NewGuid().ToString() : Pick(random, GarbageSegments);
                defects.Add($"path:{parameter.Name}");
            }
            else
            {
                value = Uri.EscapeDataString(ValueFor(parameter.Name, parameter.Schema, random));
            }

            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private string QueryOf(ApiOperation operation, Random random, List<string> noise)
    {
        var pairs = new List<string>();
        foreach (var parameter in operation.Parameters.Where(parameter => parameter.In == "query"))
        {
            if (!parameter.Required && random.NextDouble() < 0.3)
            {
                continue;
            }

            if (random.NextDouble() < 0.4)
            {
                pairs.Add($"{parameter.Name}={Pick(random, GarbageQueryValues)}");
                noise.Add($"query:{parameter.Name}");
            }
            else
            {
                var value = ValueFor(parameter.Name, parameter.Schema, random);
                pairs.Add($"{parameter.Name}={Uri.EscapeDataString(value)}");
            }
        }

        if (random.NextDouble() < 0.2)
        {
            pairs.Add(random.Next(3) switch
            {
                0 => $"unknown={Pick(random, GarbageQueryValues)}",
                1 => pairs.Count > 0 ? pairs[0] : "limit=1&limit=2",
                _ => "%=&=&&a[b]=c",
            });
            noise.Add("query:extra");
        }

        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    private List<KeyValuePair<string, string>> HeadersOf(ApiOperation operation, Random random, List<string> noise)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (operation.Mutates)
        {
            headers.Add(new("Idempotency-Key", Guid.NewGuid().ToString()));
            headers.Add(new("If-Match", random.NextDouble() < 0.5 ? "\"1\"" : Pick(random, IfMatchValues)));
        }

        for (var count = random.Next(3); count > 0; count--)
        {
            var header = Pick(random, OddHeaders);
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon];
            headers.RemoveAll(existing => existing.Key == name);
            headers.Add(new(name, header[(colon + 1)..].TrimStart(' ')));
            noise.Add($"header:{name}");
        }

        return headers;
    }

    private (byte[]? Body, string? ContentType) BodyOf(
        ApiBody body, ApiSchemas schemas, string? defect, Random random, List<string> defects, List<string> noise)
    {
        var mediaType = body.IsJson ? "application/json" : Pick(random, body.MediaTypes);
        if (!body.IsJson)
        {
            // Raw uploads (photos): anything that is not an image of its declared type.
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            defects.Add("body:not-an-image");
            return (bytes, defect == "media-type" ? Mark(defects, Pick(random, WrongMediaTypes)) : mediaType);
        }

        var sample = Sample(schemas, body.Schema, null, random, depth: 0);
        var text = Spoil(sample, random, noise);
        var bytesOf = Encoding.UTF8.GetBytes(text);
        if (defect == "body")
        {
            bytesOf = BreakBody(text, sample, random, defects);
        }

        if (defect == "media-type")
        {
            return (bytesOf, Mark(defects, Pick(random, WrongMediaTypes)));
        }

        if (random.NextDouble() < 0.1)
        {
            noise.Add("media-type:odd");
            return (bytesOf, Pick(random, OddJsonMediaTypes));
        }

        return (bytesOf, mediaType);
    }

    private static string Mark(List<string> defects, string mediaType)
    {
        defects.Add($"media-type:{(mediaType.Length == 0 ? "none" : mediaType)}");
        return mediaType;
    }

    /// <summary>Noise inside a well-formed body: odd text in a string, else a null or an extra property.</summary>
    private static string Spoil(JsonNode? sample, Random random, List<string> noise)
    {
        if (sample is JsonObject target && random.NextDouble() < 0.6
            && !(random.NextDouble() < 0.7 && PutOddText(target, random, noise)))
        {
            if (target.Count > 0 && random.NextDouble() < 0.5)
            {
                target[target.ElementAt(random.Next(target.Count)).Key] = null;
                noise.Add("body:null");
            }
            else
            {
                target["unexpected" + random.Next(10)] = new JsonArray(1, "two", null);
                noise.Add("body:extra-property");
            }
        }

        var text = sample?.ToJsonString() ?? "null";
        if (random.NextDouble() < 0.05 && text.StartsWith("{\"", StringComparison.Ordinal))
        {
            // A lone surrogate cannot be written by a JSON writer: it goes in as an escape.
            noise.Add("body:lone-surrogate");
            return "{\"lone\":\"\\ud800\"," + text[1..];
        }

        return text;
    }

    private static byte[] BreakBody(string text, JsonNode? sample, Random random, List<string> defects)
    {
        var typed = sample is JsonObject target ? TypedProperties(target).ToList() : [];
        switch (random.Next(6))
        {
            case 0:
                defects.Add("body:not-json");
                var garbage = Pick(random, ["not json", "<xml/>", "{", "{\"a\":", "\u0000", "}{", "'a'"]);
                return Encoding.UTF8.GetBytes(garbage);
            case 1:
                defects.Add("body:truncated");
                return Encoding.UTF8.GetBytes(text[..random.Next(Math.Max(1, text.Length - 1))]);
            case 2 when typed.Count > 0:
                var (owner, name) = typed[random.Next(typed.Count)];
                owner[name] = owner[name] switch
                {
                    JsonValue value when value.GetValueKind() == JsonValueKind.String =>
                        random.Next(2) == 0 ? 42 : new JsonArray(),
                    JsonArray => new JsonObject(),
                    JsonObject => "object expected",
                    _ => "not a value of this type",
                };
                defects.Add($"body:wrong-type({name})");
                return Encoding.UTF8.GetBytes(sample!.ToJsonString());
            case 3:
                // Inside the value of a property the endpoint reads (an unknown property's name or value is
                // skipped unread, so bytes there would not be a defect); else before the body.
                defects.Add("body:invalid-utf8");
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                var read = sample is JsonObject readable ? StringProperties(readable).FirstOrDefault().Name : null;
                var firstValue = read is null ? -1 : text.IndexOf($"\"{read}\":\"", StringComparison.Ordinal);
                var at = firstValue < 0 ? 0 : Encoding.UTF8.GetByteCount(text[..(firstValue + read!.Length + 4)]);
                bytes.InsertRange(at, [0xC3, 0x28, 0xFF]);
                return [.. bytes];
            case 4:
                defects.Add("body:too-deep");
                return Encoding.UTF8.GetBytes("{\"deep\":" + new string('[', 200) + new string(']', 200) + "}");
            default:
                defects.Add("body:wrong-top-level");
                return Encoding.UTF8.GetBytes(Pick(random, ["[]", "42", "\"text\"", "true", "null", ""]));
        }
    }

    /// <summary>Odd text in one string property of the body, if it has one.</summary>
    private static bool PutOddText(JsonObject target, Random random, List<string> noise)
    {
        var strings = StringProperties(target).ToList();
        if (strings.Count == 0)
        {
            return false;
        }

        var (owner, name) = strings[random.Next(strings.Count)];
        owner[name] = Pick(random, OddText);
        noise.Add($"body:odd-text({name})");
        return true;
    }

    /// <summary>Properties holding a string, anywhere in the body.</summary>
    private static IEnumerable<(JsonObject Owner, string Name)> StringProperties(JsonObject target) =>
        TypedProperties(target).Where(entry =>
            entry.Owner[entry.Name] is JsonValue value && value.GetValueKind() == JsonValueKind.String);

    /// <summary>Properties whose value has a JSON type (not null), anywhere in the body.</summary>
    private static IEnumerable<(JsonObject Owner, string Name)> TypedProperties(JsonObject target)
    {
        foreach (var (name, value) in target)
        {
            if (value is null)
            {
                continue;
            }

            yield return (target, name);
            if (value is JsonObject inner)
            {
                foreach (var nested in TypedProperties(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>A value the schema describes, realistic where the name is known.</summary>
    private JsonNode? Sample(ApiSchemas schemas, JsonElement? schema, string? name, Random random, int depth)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } element || depth > 5)
        {
            return null;
        }

        element = schemas.Resolve(element);
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (element.TryGetProperty(combinator, out var options))
            {
                var first = options.EnumerateArray().FirstOrDefault(option => TypeOf(option) != "null");
                return Sample(schemas, first, name, random, depth);
            }
        }

        switch (TypeOf(element))
        {
            case "object":
                var target = new JsonObject();
                if (element.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        target[property.Name] = Sample(schemas, property.Value, property.Name, random, depth + 1);
                    }
                }

                return target;
            case "array":
                var items = element.TryGetProperty("items", out var itemSchema) ? itemSchema : (JsonElement?)null;
                return new JsonArray(Sample(schemas, items, name, random, depth + 1));
            case "integer":
                return random.Next(0, 100);
            case "number":
                return random.NextDouble() * 100;
            case "boolean":
                return random.Next(2) == 0;
            default:
                return ValueFor(name ?? "", element, random);
        }
    }

    /// <summary>A string for a named value: a seeded id, a known code, a date, or a word.</summary>
    private string ValueFor(string name, JsonElement schema, Random random)
    {
        if (Known.TryGetValue(name, out var known))
        {
            return Pick(random, known);
        }

        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values))
        {
            var options = values.EnumerateArray().Select(value => value.ToString()).ToList();
            if (options.Count > 0)
            {
                return Pick(random, options);
            }
        }

        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        return (TypeOf(schema), FormatOf(schema)) switch
        {
            (_, "uuid") => random.NextDouble() < 0.7
                ? Pick(random, seeded.Cases).ToString()
                : Guid.NewGuid().ToString(),
            (_, "date-time") => today.AddDays(-random.Next(30)).ToString("O"),
            (_, "date") => today.AddDays(-random.Next(120)).ToString("yyyy-MM-dd"),
            ("integer", _) or ("number", _) =>
                random.Next(0, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("boolean", _) => random.Next(2) == 0 ? "true" : "false",
            _ when name.Contains("version", StringComparison.OrdinalIgnoreCase) => seeded.CatalogueVersion,
            _ when name.Contains("tracking", StringComparison.OrdinalIgnoreCase) =>
                Pick(random, seeded.TrackingNumbers),
            _ => Pick(random, ["测试", "说明", "x", "水管爆裂"]),
        };
    }

    /// <summary>The schema's type; OpenAPI 3.1 lists it with "null", which is skipped.</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _)
                ? "object"
                : null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(entry => entry.GetString()).FirstOrDefault(entry => entry != "null")
            : type.GetString();
    }

    private static string? FormatOf(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var format)
            ? format.GetString()
            : null;

    private static T Pick<T>(Random random, IReadOnlyList<T> from) => from[random.Next(from.Count)];
}
