using CoCreation.Api.Identity;
using CoCreation.Api.Pricing.DefiningItem;
using CoCreation.Api.Pricing.Exporting;
using CoCreation.Api.Pricing.GettingItem;
using CoCreation.Api.Pricing.IngestingBatch;
using CoCreation.Api.Pricing.OpeningAndClosing;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Api.Pricing.SubmittingPrice;
using CoCreation.Api.Trust.RateLimiting;
using CoCreation.EventStore;
using CoCreation.Pricing;
using Microsoft.AspNetCore.Mvc;

namespace CoCreation.Api.Pricing;

/// <summary>Crowdsourced pricing: items and rounds, submissions, live statistics, exports.</summary>
public static class PricingModule
{
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options =>
        {
            foreach (var (type, name) in PricingEventNames.All) options.Events.Add(type, name);
        });

        // Items, rounds and submissions.
        services.AddSingleton<PricingItemCache>();

        // Live statistics.
        services.AddPricingStatistics();

        // Exports.
        services.AddPricingExports(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder endpoints)
    {
        var item = endpoints.MapGroup("/api/campaigns/{campaignId}/pricing/{itemId}").WithTags("Pricing");

        // Items, rounds and submissions.
        item.MapPut("", DefinePricingItemEndpoint.Handle).WithName("DefinePricingItem").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        item.MapGet("", GetPricingItemEndpoint.Handle).WithName("GetPricingItem").RequireRateLimit(RateLimitPolicies.PublicReads);
        item.MapPost("/open", RoundEndpoints.Open).WithName("OpenPricingRound").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Host).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        item.MapPost("/close", RoundEndpoints.Close).WithName("ClosePricingRound").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Host).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        item.MapPost("/submissions", SubmitPriceEndpoint.Handle).WithName("SubmitPrice").RequireRateLimit(RateLimitPolicies.ParticipantWrites)
            .RequireAuthorization(Roles.ParticipantOrGuest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        item.MapPost("/submissions/batch", SubmitBatchEndpoint.Handle).WithName("SubmitPriceBatch").RequireRateLimit(RateLimitPolicies.Admin)
            .RequireAuthorization(Roles.Admin).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithMetadata(new RequestSizeLimitAttribute(SubmitBatchEndpoint.MaxBodyBytes));

        // Live statistics.
        item.MapPricingStatistics();

        // Exports.
        item.MapPricingExports();
        return endpoints;
    }
}
