using CoCreation.Api.Identity;
using CoCreation.Api.Trust.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoCreation.Api.Pricing.Exporting;

public static class ExportEndpoints
{
    /// <summary>The pseudonym key (validated at start-up: exports must never run without one), the reader and the pseudonyms.</summary>
    public static IServiceCollection AddPricingExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PseudonymOptions>().Bind(configuration.GetSection(PseudonymOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PseudonymOptions>, ValidatePseudonymOptions>();
        services.AddSingleton<Pseudonyms>();
        services.AddSingleton<CurrentAnswers>();
        return services;
    }

    public static RouteGroupBuilder MapPricingExports(this RouteGroupBuilder item)
    {
        item.MapGet("/export", ExportEndpoint.Handle).WithName("ExportPricing").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return item;
    }
}
