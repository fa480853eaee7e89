using CoCreation.EventStore;
using CoCreation.Pricing;

namespace CoCreation.Api.Tests.Pricing.Statistics;

/// <summary>
/// Random submissions to one item: people re-submitting (replacements) through random channels and regions.
/// Deterministic for a seed, so a failure can be replayed.
/// </summary>
public sealed class PriceScenario
{
    public static readonly string[] ChannelsUsed = ["app", "wechat", "livestream"];
    public static readonly string?[] RegionsUsed = ["Shanghai", "Beijing", "Inner Mongolia", null];

    private PriceScenario(PricingItemDefined item, IReadOnlyList<PriceSubmitted> submissions)
    {
        Item = item;
        Submissions = submissions;
    }

    public PricingItemDefined Item { get; }

    public IReadOnlyList<PriceSubmitted> Submissions { get; }

    public string CampaignId => Item.CampaignId;

    public string ItemId => Item.ItemId;

    public static PricingItemDefined Define(string campaignId, string itemId, string mode, long min = 100_000, long max = 200_000, long step = 500) =>
        new(campaignId, itemId, "D90 2.0T", "CNY", min, max, step, mode, null, null, "admin:test");

    public static PriceScenario Direct(string campaignId, string itemId, int seed, int people = 120, int submissions = 400)
    {
        var item = Define(campaignId, itemId, PricingModes.Direct);
        var random = new Random(seed);
        var ids = Enumerable.Range(0, people).Select(_ => Guid.CreateVersion7()).ToArray();
        var points = (int)((item.Max - item.Min) / item.Step) + 1;
        var list = new List<PriceSubmitted>();
        for (var i = 0; i < submissions; i++)
        {
            // A peaked distribution with a long right tail, so trimming, MAD and outliers all have work to do.
            var index = random.NextDouble() < 0.9
                ? Math.Clamp((int)(points * 0.4 + Normal(random) * points * 0.08), 0, points - 1)
                : random.Next(points);
            list.Add(Submission(item, ids[random.Next(people)], random) with { Price = item.Min + index * item.Step });
        }
        return new PriceScenario(item, list);
    }

    public static PriceScenario Psm(string campaignId, string itemId, int seed, int people = 120, int submissions = 400)
    {
        var item = Define(campaignId, itemId, PricingModes.Psm);
        var random = new Random(seed);
        var ids = Enumerable.Range(0, people).Select(_ => Guid.CreateVersion7()).ToArray();
        var points = (int)((item.Max - item.Min) / item.Step) + 1;
        var list = new List<PriceSubmitted>();
        for (var i = 0; i < submissions; i++)
        {
            var cheap = Math.Clamp((int)(points * 0.35 + Normal(random) * points * 0.08), 1, points - 3);
            var tooCheap = Math.Max(0, cheap - 1 - random.Next(30));
            var expensive = Math.Min(points - 2, cheap + 1 + random.Next(40));
            var tooExpensive = Math.Min(points - 1, expensive + 1 + random.Next(40));
            var withLikelihoods = random.NextDouble() < 0.7;
            list.Add(Submission(item, ids[random.Next(people)], random) with
            {
                TooCheap = item.Min + tooCheap * item.Step,
                Cheap = item.Min + cheap * item.Step,
                Expensive = item.Min + expensive * item.Step,
                TooExpensive = item.Min + tooExpensive * item.Step,
                LikelihoodAtCheap = withLikelihoods ? random.Next(1, 6) : null,
                LikelihoodAtExpensive = withLikelihoods ? random.Next(1, 6) : null,
            });
        }
        return new PriceScenario(item, list);
    }

    private static PriceSubmitted Submission(PricingItemDefined item, Guid participant, Random random) =>
        new(item.CampaignId, item.ItemId, participant, ChannelsUsed[random.Next(ChannelsUsed.Length)],
            null, null, null, null, null, null, null, RegionsUsed[random.Next(RegionsUsed.Length)], "25-34");

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Each person's last submission that lies in the cut (null = not filtered).</summary>
    public IReadOnlyList<PriceSubmitted> CurrentAnswers(string? channel = null, string? region = null) =>
        Submissions.GroupBy(s => s.ParticipantId).Select(g => g.Last()).Where(s => InCut(s, channel, region)).ToList();

    /// <summary>Submissions made through the cut, replaced ones included.</summary>
    public long SubmissionsIn(string? channel = null, string? region = null) => Submissions.Count(s => InCut(s, channel, region));

    private static bool InCut(PriceSubmitted s, string? channel, string? region) =>
        (channel is null || s.Channel == channel) && (region is null || s.Region == region);

    /// <summary>The item's events as the log would hold them, for applying to a projection without a host.</summary>
    public List<RecordedEvent> Recorded(ref long sequence)
    {
        var start = DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var events = new List<RecordedEvent> { Record(++sequence, PricingItem.StreamId(CampaignId, ItemId), Item, start) };
        foreach (var s in Submissions)
        {
            events.Add(Record(++sequence, PricingItem.SubmissionStreamId(CampaignId, ItemId, s.ParticipantId), s, start.AddSeconds(sequence)));
        }
        return events;
    }

    public static RecordedEvent Record(long sequence, string stream, object data, DateTimeOffset? at = null) =>
        new(sequence, Guid.CreateVersion7(), stream, 1, data.GetType().Name, data, at ?? DateTimeOffset.UnixEpoch.AddSeconds(sequence), EventMetadata.None);

    /// <summary>Appends the item and every submission, one append each, in order; returns the last sequence.</summary>
    public async Task<long> AppendAsync(EventStore.EventStore store)
    {
        var last = (await store.AppendAsync(PricingItem.StreamId(CampaignId, ItemId), [Item])).LastSequence;
        foreach (var s in Submissions)
        {
            last = (await store.AppendAsync(PricingItem.SubmissionStreamId(CampaignId, ItemId, s.ParticipantId), [s])).LastSequence;
        }
        return last;
    }
}
