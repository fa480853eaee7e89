using CoCreation.Api.Pricing.Statistics;
using CoCreation.EventStore;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing;

/// <summary>Crowdsourced pricing: items and rounds, submissions, live statistics, exports.</summary>
public static class PricingModule
{
    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventStoreOptions>(options => options.Events
            .Add<PricingItemDefined>("pricing-item-defined")
            .Add<PricingItemUpdated>("pricing-item-updated")
            .Add<PricingRoundOpened>("pricing-round-opened")
            .Add<PricingRoundClosed>("pricing-round-closed")
            .Add<PriceSubmitted>("price-submitted"));
        services.AddPricingStatistics();
        return services;
    }

    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder endpoints)
    {
        var item = endpoints.MapGroup("/api/campaigns/{campaignId}/pricing/{itemId}").WithTags("Pricing");
        item.MapPricingStatistics();
        return endpoints;
    }
}
