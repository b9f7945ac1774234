using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Swashbuckle's OpenAPI document at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.
/// </summary>
public static class OpenApiExtensions
{
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services, string title)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo { Title = title, Version = "v1" });
            // "Authorize" in Swagger UI takes a token (locally: POST /api/dev/tokens on the gateway).
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with role and unit claims. Locally: POST /api/dev/tokens on the gateway.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = []
            });
            var documentation = Path.Combine(
                AppContext.BaseDirectory,
                $"{System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name}.xml");
            if (File.Exists(documentation))
            {
                options.IncludeXmlComments(documentation);
            }

            // A command's body is its slice's nested Request (Claim.Request): named for the slice (ClaimRequest).
            var byTypeName = options.SchemaGeneratorOptions.SchemaIdSelector;
            options.CustomSchemaIds(type =>
                type is { IsNested: true, Name: "Request" } ? type.DeclaringType!.Name + type.Name : byTypeName(type));
        });
        return services;
    }

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI();
        return app;
    }
}
