using CoCreation.Api.Infrastructure;
using System.Collections.Concurrent;
using CoCreation.EventStore;
using CoCreation.EventStore.Projections;
using CoCreation.Pricing;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// The live statistics of every pricing item, on every node, from the committed log: per item the grid, exact
/// counts over each person's current answer for the cuts all, <c>channel:x</c>, <c>region:y</c> and
/// <c>channel:x|region:y</c>, submission counters and the last sequence applied.
/// </summary>
/// <remarks>
/// A person's new submission removes their previous answer from every cut it was counted in, then adds the
/// new one; that is why each item keeps a map participant → current answer (O(people)), while the counts stay
/// bounded by grid points × cuts. A submission the item cannot take (off its grid: the write side validates, so
/// this should not happen) is logged and ignored, never thrown, so every node steps over it alike.
/// Each item has its own lock; reads compute under it and are cached until the item's next event.
/// </remarks>
public sealed class PricingStatistics(ILogger<PricingStatistics> logger) : ILiveProjection
{
    public const string ProjectionName = "pricing-stats";

    /// <summary>Version 1 of the snapshot format, see <see cref="CreateSnapshot"/>.</summary>
    private const byte SnapshotFormat = 1;

    private volatile ConcurrentDictionary<(string CampaignId, string ItemId), ItemStatistics> _items = new();

    public string Name => ProjectionName;

    public string Version => "1";

    /// <summary>Whether the item was ever defined.</summary>
    public bool Knows(string campaignId, string itemId) => _items.ContainsKey((campaignId, itemId));

    /// <summary>Whether any answer to the item came through <paramref name="channel"/>.</summary>
    public bool HasChannel(string campaignId, string itemId, string channel) =>
        _items.TryGetValue((campaignId, itemId), out var item) && item.HasChannel(channel);

    /// <summary>The campaign's items and the sequence of the last event each one's figures include; no figures computed.</summary>
    public IEnumerable<(string ItemId, long Sequence)> ItemsOf(string campaignId) =>
        _items.Where(kv => kv.Key.CampaignId == campaignId).Select(kv => (kv.Key.ItemId, kv.Value.Sequence));

    /// <summary>The stats of an item's cut (channel, region: null = not filtered); null when the item is unknown.</summary>
    public PriceStatsResponse? Read(string campaignId, string itemId, string? channel, string? region, int bins) =>
        _items.TryGetValue((campaignId, itemId), out var item) ? item.Read(channel, region, bins) : null;

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var items = _items;
        foreach (var e in events)
        {
            var asOf = new StatsAsOf(e.Sequence, e.Timestamp);
            switch (e.Data)
            {
                case PricingItemDefined d:
                    Define(items, d.CampaignId, d.ItemId, d.Currency, d.Min, d.Max, d.Step, d.Mode, asOf);
                    break;
                case PricingItemUpdated u:
                    Define(items, u.CampaignId, u.ItemId, u.Currency, u.Min, u.Max, u.Step, u.Mode, asOf);
                    break;
                case PriceSubmitted s:
                    Submit(items, s, e);
                    break;
            }
        }
    }

    private void Define(
        ConcurrentDictionary<(string, string), ItemStatistics> items, string campaignId, string itemId, string currency,
        long min, long max, long step, string mode, StatsAsOf asOf)
    {
        PriceGrid grid;
        try
        {
            grid = new PriceGrid(min, max, step);
        }
        catch (ArgumentException error)
        {
            logger.LogError("Pricing statistics ignore the definition of {Campaign}/{Item} at {Sequence}: {Problem}", campaignId, itemId, asOf.Sequence, error.Message);
            return;
        }
        if (!PricingModes.IsKnown(mode))
        {
            logger.LogError("Pricing statistics ignore the definition of {Campaign}/{Item} at {Sequence}: unknown mode {Mode}", campaignId, itemId, asOf.Sequence, mode);
            return;
        }

        var settings = new ItemSettings(currency, grid, mode);
        if (!items.TryGetValue((campaignId, itemId), out var item))
        {
            items[(campaignId, itemId)] = ItemStatistics.Define(campaignId, itemId, settings, asOf);
            return;
        }
        var dropped = item.Update(settings, asOf);
        if (dropped > 0)
        {
            logger.LogWarning("Pricing statistics of {Campaign}/{Item} start over at {Sequence}: the grid changed under {Answers} answers", campaignId, itemId, asOf.Sequence, dropped);
        }
    }

    private void Submit(ConcurrentDictionary<(string, string), ItemStatistics> items, PriceSubmitted s, RecordedEvent e)
    {
        if (!items.TryGetValue((s.CampaignId, s.ItemId), out var item))
        {
            logger.LogError("Pricing statistics ignore submission {Sequence}: no item {Campaign}/{Item} was defined", e.Sequence, s.CampaignId, s.ItemId);
            return;
        }
        if (item.Submit(s, new StatsAsOf(e.Sequence, e.Timestamp)) is { } problem)
        {
            logger.LogError("Pricing statistics ignore submission {Sequence} to {Campaign}/{Item}: {Problem}", e.Sequence, s.CampaignId, s.ItemId, problem);
        }
    }

    /// <summary>
    /// Format 1: a format byte, the item count, then per item its settings, asOf, labels, per-cut submission
    /// counters and person map (see <see cref="ItemStatistics.WriteTo"/>). Bump <see cref="Version"/> with it.
    /// </summary>
    public byte[] CreateSnapshot()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            var items = _items.Values.ToList();
            writer.Write(SnapshotFormat);
            writer.Write(items.Count);
            foreach (var item in items) item.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var format = reader.ReadByte();
        if (format != SnapshotFormat) throw new InvalidDataException($"Unknown pricing statistics snapshot format {format}.");
        var count = reader.ReadInt32();
        var items = new ConcurrentDictionary<(string, string), ItemStatistics>();
        for (var i = 0; i < count; i++)
        {
            var item = ItemStatistics.ReadFrom(reader);
            items[(item.CampaignId, item.ItemId)] = item;
        }
        _items = items;
    }

    public void Reset() => _items = new();
}
