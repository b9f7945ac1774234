using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Text with the NUL character (U+0000) is refused with a 400 problem naming the field: PostgreSQL can keep
/// it neither in text nor in jsonb, so a reason or a description holding one was answered 500 when stored.
/// </summary>
public static class NulCharacters
{
    public const string Refusal = "不能含空字符 U+0000 (the text may not contain the NUL character).";

    /// <summary>JSON bodies: a string with NUL fails to bind, which answers 400 naming its path.</summary>
    public static IServiceCollection RefuseNulInJsonBodies(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new NulFreeStrings()));

    /// <summary>Query strings: a parameter with NUL is refused before any endpoint reads it.</summary>
    public static WebApplication RefuseNulInQueries(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var withNul = context.Request.Query
                .Where(parameter => parameter.Value.Any(value => value?.Contains('\0') == true))
                .Select(parameter => parameter.Key)
                .ToList();
            if (withNul.Count > 0)
            {
                await ProblemResponses.Invalid(withNul.ToDictionary(name => name, _ => new[] { Refusal }))
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private sealed class NulFreeStrings : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value?.Contains('\0') == true ? throw new JsonException(Refusal) : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
