using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.Statistics;

public static class GetPriceStatsEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/pricing/{itemId}/stats?channel=&amp;region=&amp;bins= (public).</summary>
    public static Results<Ok<PriceStatsResponse>, ValidationProblem, ProblemHttpResult> Handle(
        string campaignId, string itemId, string? channel, string? region, string? bins, PricingStatistics statistics)
    {
        var (query, errors) = StatsQuery.Parse(channel, region, bins);
        if (query is null) return TypedResults.ValidationProblem(errors, detail: "The statistics query is not valid; see errors.");
        if (!statistics.Knows(campaignId, itemId)) return PricingProblems.NoItem(campaignId, itemId);
        if (query.Channel is { } known && !StatsQuery.IsKnownChannel(statistics, campaignId, itemId, known))
        {
            return TypedResults.ValidationProblem(StatsQuery.UnknownChannel(), detail: "The channel is not known.");
        }
        var stats = statistics.Read(campaignId, itemId, query.Channel, query.Region, query.Bins);
        return stats is null ? PricingProblems.NoItem(campaignId, itemId) : TypedResults.Ok(stats);
    }
}
