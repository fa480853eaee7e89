using CoCreation.Api.Live.Topics;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// Each pricing item's statistics as a live topic: <c>priceStats(itemId, stats)</c> with the body of
/// <c>GET …/stats</c> for the whole item and the default histogram (bins, never raw answers).
/// </summary>
internal sealed class PriceStatsTopics(PricingStatistics statistics) : ILiveTopicSource
{
    public string Method => "priceStats";

    public bool IsResult => true;

    public IEnumerable<LiveTopicVersion> TopicsOf(string campaignId) =>
        statistics.ItemsOf(campaignId).Select(item => new LiveTopicVersion(item.ItemId, item.Sequence));

    public LiveMessage? Render(string campaignId, string topicId) =>
        statistics.Read(campaignId, topicId, channel: null, region: null, PriceSummary.DefaultBins) is { } stats
            ? new LiveMessage([topicId, stats], stats.AsOf.Sequence)
            : null;
}
