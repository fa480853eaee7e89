using CoCreation.Api.Identity;
using CoCreation.EventStore;
using CoCreation.Pricing;

namespace CoCreation.Api.Pricing;

/// <summary>Reading an item's definition stream and appending what a decision produced: tiny streams, read whole.</summary>
internal static class PricingItemStream
{
    public static async Task<(PricingItem? State, long Version)> LoadAsync(EventStore.EventStore store, string campaignId, string itemId, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync(PricingItem.StreamId(campaignId, itemId), cancellationToken: cancellationToken);
        return (PricingItem.Fold(events.Select(e => e.Data)), events.Count == 0 ? 0 : events[^1].Version);
    }

    /// <summary>
    /// Appends <paramref name="events"/> expecting the stream at <paramref name="version"/>; returns the sequence of
    /// the last one, or null when there was nothing to append.
    /// </summary>
    /// <exception cref="ConcurrencyException">Another writer changed the item since it was read.</exception>
    public static async Task<long?> AppendAsync(
        EventStore.EventStore store, string campaignId, string itemId, long version, IReadOnlyList<object> events, Actor actor, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return null;
        var result = await store.AppendAsync(PricingItem.StreamId(campaignId, itemId), events, new AppendOptions
        {
            Expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version),
            Actor = actor.Value,
            StreamType = "pricing-item",
        }, cancellationToken);
        return result.LastSequence;
    }
}
