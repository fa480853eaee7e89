using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<(string Campaign, string Item), Entry> _entries = new();

    /// <summary>The item as of at most <see cref="TimeToLive"/> ago, or null when there is no such item.</summary>
    public async Task<PricingItem?> GetAsync(string campaignId, string itemId, CancellationToken cancellationToken)
    {
        var key = (campaignId, itemId);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now < entry.Expires) return await entry.Item.Value.WaitAsync(cancellationToken);

        if (_entries.Count >= MaxEntries) _entries.Clear();
        // Concurrent misses share one read (the entry that wins the map); a failed read is not cached.
        var fresh = new Entry(new Lazy<Task<PricingItem?>>(() => LoadAsync(campaignId, itemId)), now + TimeToLive);
        var winner = entry is not null && _entries.TryUpdate(key, fresh, entry) ? fresh : _entries.GetOrAdd(key, fresh);
        try
        {
            return await winner.Item.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, winner));
            throw;
        }
    }

    /// <summary>Replaces the entry with the state this node just wrote.</summary>
    public void Set(PricingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _entries[(item.CampaignId, item.ItemId)] = new Entry(new Lazy<Task<PricingItem?>>(Task.FromResult<PricingItem?>(item)), time.GetUtcNow() + TimeToLive);
    }

    private async Task<PricingItem?> LoadAsync(string campaignId, string itemId)
    {
        // Not the caller's token: the read is shared by every request waiting on it.
        var (item, _) = await PricingItemStream.LoadAsync(store, campaignId, itemId, CancellationToken.None);
        return item;
    }

    private sealed record Entry(Lazy<Task<PricingItem?>> Item, DateTimeOffset Expires);
}
