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
}
