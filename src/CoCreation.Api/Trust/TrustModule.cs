using CoCreation.Api.Trust.ClientAddresses;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.Api.Trust.RequestLimits;
using CoCreation.Api.Trust.SecurityHeaders;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Trust;

/// <summary>
/// What the API does not take on trust: the client's address (forwarded headers from known proxies only), how often a
/// caller may call (rate limits), what a request may cost (request limits), and what browsers may do with responses
/// (security headers).
/// </summary>
public static class TrustModule
{
    public static IServiceCollection AddTrust(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClientAddressOptions>().Bind(configuration.GetSection(ClientAddressOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientAddressOptions>, ValidateClientAddressOptions>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ConfigureForwardedHeaders>();

        services.AddOptions<SecurityHeaderOptions>().Bind(configuration.GetSection(SecurityHeaderOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityHeaderOptions>, ValidateSecurityHeaderOptions>();

        services.AddRateLimits();
        services.AddRequestLimits();
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the real client's address and scheme.</summary>
    public static IApplicationBuilder UseClientAddresses(this IApplicationBuilder app) => app.UseForwardedHeaders();

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders.SecurityHeaders>();

    /// <summary>After authentication (buckets are per caller) and before authorization (refused callers count too).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();
}
