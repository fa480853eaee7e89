using CoCreation.OneId;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>The cut and histogram size asked for in <c>?channel=&amp;region=&amp;bins=</c>; empty values mean "not filtered".</summary>
internal sealed record StatsQuery(string? Channel, string? Region, int Bins)
{
    /// <summary>A channel is known when the contract names it or the item has answers through it (batch partners).</summary>
    public static bool IsKnownChannel(PricingStatistics statistics, string campaignId, string itemId, string channel) =>
        Channels.IsKnown(channel) || statistics.HasChannel(campaignId, itemId, channel);

    public static Dictionary<string, string[]> UnknownChannel() => new(StringComparer.Ordinal)
    {
        ["channel"] = [$"must be one of {string.Join(", ", Channels.All)} or a channel the item has answers from"],
    };

    public static (StatsQuery? Query, Dictionary<string, string[]> Errors) Parse(string? channel, string? region, string? bins)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        channel = string.IsNullOrEmpty(channel) ? null : channel;
        region = string.IsNullOrEmpty(region) ? null : region;
        var binCount = PriceSummary.DefaultBins;
        if (!string.IsNullOrEmpty(bins) && (!int.TryParse(bins, out binCount) || binCount is < 1 or > PriceSummary.MaxBins))
        {
            errors["bins"] = [$"must be a whole number from 1 to {PriceSummary.MaxBins}"];
        }
        return (errors.Count == 0 ? new StatsQuery(channel, region, binCount) : null, errors);
    }
}
