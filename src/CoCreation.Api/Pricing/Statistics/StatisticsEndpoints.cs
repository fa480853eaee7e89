using CoCreation.Api.Live.Topics;
using CoCreation.Api.Trust.RateLimiting;

namespace CoCreation.Api.Pricing.Statistics;

public static class StatisticsEndpoints
{
    public static IServiceCollection AddPricingStatistics(this IServiceCollection services) =>
        services.AddLiveProjection<PricingStatistics>().AddLiveTopics<PriceStatsTopics>();

    /// <summary>Maps the public reads under <c>/api/campaigns/{campaignId}/pricing/{itemId}</c>.</summary>
    public static RouteGroupBuilder MapPricingStatistics(this RouteGroupBuilder item)
    {
        item.MapGet("/stats", GetPriceStatsEndpoint.Handle).WithName("GetPriceStats").RequireRateLimit(RateLimitPolicies.PublicReads).ProducesProblem(StatusCodes.Status404NotFound);
        item.MapGet("/chart.svg", GetPriceChartEndpoint.Handle).WithName("GetPriceChart").RequireRateLimit(RateLimitPolicies.PublicReads)
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml").ProducesProblem(StatusCodes.Status404NotFound);
        return item;
    }
}
