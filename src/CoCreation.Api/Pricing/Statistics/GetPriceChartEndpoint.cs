using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoCreation.Api.Pricing.Statistics;

public static class GetPriceChartEndpoint
{
    /// <summary>GET /api/campaigns/{campaignId}/pricing/{itemId}/chart.svg?channel=&amp;region=&amp;bins= (public): the stats drawn as SVG.</summary>
    public static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> Handle(
        string campaignId, string itemId, string? channel, string? region, string? bins, PricingStatistics statistics) =>
        GetPriceStatsEndpoint.Handle(campaignId, itemId, channel, region, bins, statistics).Result switch
        {
            Ok<PriceStatsResponse> { Value: { } stats } => TypedResults.Text(PriceChart.Svg(stats), "image/svg+xml"),
            ValidationProblem invalid => invalid,
            ProblemHttpResult problem => problem,
            var other => throw new UnreachableException($"unexpected stats result {other.GetType().Name}"),
        };
}
