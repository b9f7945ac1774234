using System.Net.Http.Json;
using System.Text.Json;

namespace CallResponse.Fuzz.Tests;

/// <summary>A parameter of an operation as its OpenAPI description declares it.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>The body an operation takes: its media types and their schema (resolved, or empty for raw bytes).</summary>
public sealed record ApiBody(IReadOnlyList<string> MediaTypes, JsonElement? Schema)
{
    public bool IsJson => MediaTypes.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>One method on one path of one service, read from the service's OpenAPI document.</summary>
public sealed record ApiOperation(
    string Service,
    string Method,
    string Path,
    IReadOnlyList<ApiParameter> Parameters,
    ApiBody? Body,
    ApiSchemas Schemas)
{
    /// <summary>Methods that may change something: every fuzzed request of these carries a defect.</summary>
    public bool Mutates => Method is not ("GET" or "HEAD" or "OPTIONS");

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A document's component schemas, to follow <c>$ref</c>s.</summary>
public sealed class ApiSchemas(JsonElement components)
{
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (!components.TryGetProperty(name, out schema))
            {
                break;
            }
        }

        return schema;
    }
}

/// <summary>Every operation of every service, from the OpenAPI documents the gateway serves.</summary>
public static class ApiOperations
{
    public static readonly string[] Services = ["intake", "routing", "cases", "sla", "identity"];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(HttpClient gateway)
    {
        var operations = new List<ApiOperation>();
        foreach (var service in Services)
        {
            var document = await gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");
            var schemas = new ApiSchemas(
                document.TryGetProperty("components", out var components)
                && components.TryGetProperty("schemas", out var named)
                    ? named
                    : default);
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject().Where(entry => Methods.Contains(entry.Name)))
                {
                    operations.Add(new ApiOperation(
                        service,
                        method.Name.ToUpperInvariant(),
                        path.Name,
                        ParametersOf(method.Value, schemas),
                        BodyOf(method.Value, schemas),
                        schemas));
                }
            }
        }

        return operations;
    }

    private static List<ApiParameter> ParametersOf(JsonElement operation, ApiSchemas schemas) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray()
                .Select(schemas.Resolve)
                .Select(parameter => new ApiParameter(
                    parameter.GetProperty("name").GetString()!,
                    parameter.GetProperty("in").GetString()!,
                    parameter.TryGetProperty("required", out var required) && required.GetBoolean(),
                    parameter.TryGetProperty("schema", out var schema) ? schemas.Resolve(schema) : default))
                .ToList()
            : [];

    private static ApiBody? BodyOf(JsonElement operation, ApiSchemas schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return null;
        }

        var types = content.EnumerateObject().ToList();
        var json = types.FirstOrDefault(type => type.Name.Contains("json", StringComparison.OrdinalIgnoreCase));
        JsonElement? schema =
            json.Value.ValueKind == JsonValueKind.Object && json.Value.TryGetProperty("schema", out var declared)
                ? schemas.Resolve(declared)
                : null;
        return new ApiBody(types.Select(type => type.Name).ToList(), schema);
    }
}
