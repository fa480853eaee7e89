using CoCreation.Api.Infrastructure;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing;

/// <summary>
/// Items as submissions need them, per node: each entry is read from the item's stream and trusted for
/// <see cref="TimeToLive"/>, so in the steady state a submission costs no query besides its append. Changes made
/// through this node replace the entry at once; changes made through another node show here within the TTL
/// (a round a host just closed may take one more second of answers on other nodes). Unknown items are cached
/// too, so a flood of submissions for a missing item does not become a flood of reads.
/// </summary>
public sealed class PricingItemCache(EventStore.EventStore store, TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(1);

    // Bounds the map against requests for endless made-up item ids; real items number in the dozens.
    private const int MaxEntries = 10_000;

    private readonly ReadThroughCache<(string Campaign, string Item), PricingItem?> _items = new(time, TimeToLive, MaxEntries);

    /// <summary>The item as of at most <see cref="TimeToLive"/> ago, or null when there is no such item.</summary>
    public Task<PricingItem?> GetAsync(string campaignId, string itemId, CancellationToken cancellationToken) =>
        _items.GetAsync((campaignId, itemId), LoadAsync, cancellationToken);

    /// <summary>Replaces the entry with the state this node just wrote.</summary>
    public void Set(PricingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Set((item.CampaignId, item.ItemId), item);
    }

    private async Task<PricingItem?> LoadAsync((string Campaign, string Item) key)
    {
        var (item, _) = await PricingItemStream.LoadAsync(store, key.Campaign, key.Item, CancellationToken.None);
        return item;
    }
}
