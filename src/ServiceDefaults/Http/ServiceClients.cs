using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallResponse.ServiceDefaults.Http;

/// <summary>
/// Named HTTP clients for calling another service directly (for reads and checks that need an
/// answer now; facts still travel over the bus). The address is <c>Services:{name}</c> in
/// configuration; calls retry with back-off and a circuit breaker (Polly, through
/// Microsoft.Extensions.Http.Resilience).
/// </summary>
public static class ServiceClients
{
    public static IServiceCollection AddServiceClient(
        this IServiceCollection services,
        IConfiguration configuration,
        string name,
        string localDefault)
    {
        var address = new Uri(configuration[$"Services:{name}"] ?? localDefault);
        services.AddHttpClient(name, http => http.BaseAddress = address).AddStandardResilienceHandler();
        return services;
    }

    /// <summary>
    /// Reads a service's JSON document from named client <paramref name="name"/>; an empty answer is a failure,
    /// like a refused one, so a reference copy keeps its last good value.
    /// </summary>
    public static async Task<T> GetDocumentAsync<T>(
        this IServiceProvider services,
        string name,
        string path,
        CancellationToken cancellationToken)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(name);
        return await http.GetFromJsonAsync<T>(path, cancellationToken)
            ?? throw new HttpRequestException($"{name} answered nothing at {path}.");
    }
}
