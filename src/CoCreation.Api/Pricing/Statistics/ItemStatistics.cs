using CoCreation.Api.Infrastructure;
using CoCreation.Pricing;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// One item's live statistics: its grid, exact counts per cut, and every person's current answer.
/// </summary>
/// <remarks>
/// Memory: the counts are bounded by grid points × cuts (cuts = 1 + channels + regions + the channel × region
/// pairs actually answered), whatever the number of answers; the person map holds one
/// <see cref="CurrentAnswer"/> per person (O(people), ~50 bytes each), which is what lets a replaced answer be
/// removed exactly from every cut it was counted in. Every member takes the item's lock: the daemon's loop
/// writes while API requests read, and a read computes its figures (O(grid points)) under the lock.
/// </remarks>
internal sealed partial class ItemStatistics
{
    private const int MaxCachedReads = 256;

    private readonly Lock _lock = new();
    private readonly Labels _channels = new();
    private readonly Labels _regions = new();
    private readonly Dictionary<CutKey, Cut> _cuts = [];
    private readonly Dictionary<Guid, CurrentAnswer> _answers = [];
    private readonly Dictionary<(string? Channel, string? Region, int Bins), PriceStatsResponse> _reads = [];
    private ItemSettings _settings;
    private StatsAsOf _asOf;

    private ItemStatistics(string campaignId, string itemId, ItemSettings settings, StatsAsOf asOf)
    {
        CampaignId = campaignId;
        ItemId = itemId;
        _settings = settings;
        _asOf = asOf;
    }

    public string CampaignId { get; }

    public string ItemId { get; }

    /// <summary>The <c>asOf.sequence</c> the figures would carry now.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock) return _asOf.Sequence;
        }
    }

    public static ItemStatistics Define(string campaignId, string itemId, ItemSettings settings, StatsAsOf asOf) => new(campaignId, itemId, settings, asOf);

    /// <summary>Takes new settings; a changed grid or mode starts the counts over (the write side allows it only before any answer).</summary>
    /// <returns>How many current answers were dropped by a grid change.</returns>
    public int Update(ItemSettings settings, StatsAsOf asOf)
    {
        lock (_lock)
        {
            var dropped = 0;
            if (settings.Grid != _settings.Grid || settings.Mode != _settings.Mode)
            {
                dropped = _answers.Count;
                _answers.Clear();
                _cuts.Clear();
            }
            _settings = settings;
            Changed(asOf);
            return dropped;
        }
    }

    /// <summary>Replaces the person's answer in every cut; null when it applied, else why the submission was ignored.</summary>
    public string? Submit(PriceSubmitted e, StatsAsOf asOf)
    {
        lock (_lock)
        {
            var grid = _settings.Grid;
            var problem = _settings.Mode == PricingModes.Psm ? CheckPsm(e, grid) : CheckDirect(e, grid);
            if (problem is not null)
            {
                Changed(asOf);
                return problem;
            }

            var channel = _channels.Intern(e.Channel);
            var region = e.Region is null ? CurrentAnswer.None : _regions.Intern(e.Region);
            var answer = _settings.Mode == PricingModes.Psm
                ? new CurrentAnswer(grid.IndexOf(e.TooCheap!.Value), grid.IndexOf(e.Cheap!.Value), grid.IndexOf(e.Expensive!.Value),
                    grid.IndexOf(e.TooExpensive!.Value), (byte)(e.LikelihoodAtCheap ?? 0), (byte)(e.LikelihoodAtExpensive ?? 0), channel, region)
                : CurrentAnswer.Direct(grid.IndexOf(e.Price!.Value), channel, region);

            if (_answers.TryGetValue(e.ParticipantId, out var previous)) Count(previous, -1);
            Count(answer, +1);
            foreach (var key in answer.Cuts()) CutAt(key).Submissions++;
            _answers[e.ParticipantId] = answer;
            Changed(asOf);
            return null;
        }
    }

    public bool HasChannel(string channel)
    {
        lock (_lock) return _channels.Find(channel) is not null;
    }

    /// <summary>The figures for a cut (null channel/region = not filtered), computed once per cut, bins and <see cref="StatsAsOf"/>.</summary>
    public PriceStatsResponse Read(string? channel, string? region, int bins)
    {
        lock (_lock)
        {
            if (_reads.TryGetValue((channel, region, bins), out var cached)) return cached;
            var response = Compute(channel, region, bins);
            if (_reads.Count >= MaxCachedReads) _reads.Clear();
            _reads[(channel, region, bins)] = response;
            return response;
        }
    }

    private PriceStatsResponse Compute(string? channel, string? region, int bins)
    {
        var cut = Find(channel, region);
        if (cut is null) return PriceStatsResponse.From(ItemId, _asOf, _settings.Currency, 0, PriceSummary.Compute(new PriceCounts(_settings.Grid)), null);
        return cut.Psm is { } psm
            ? PriceStatsResponse.From(ItemId, _asOf, _settings.Currency, cut.Submissions, PriceSummary.Compute(psm.Cheap, bins), PsmAnalysis.Compute(psm))
            : PriceStatsResponse.From(ItemId, _asOf, _settings.Currency, cut.Submissions, PriceSummary.Compute(cut.Direct!, bins), null);
    }

    private Cut? Find(string? channel, string? region)
    {
        int? channelIndex = channel is null ? CutKey.Any : _channels.Find(channel);
        int? regionIndex = region is null ? CutKey.Any : _regions.Find(region);
        return channelIndex is null || regionIndex is null ? null : _cuts.GetValueOrDefault(new CutKey(channelIndex.Value, regionIndex.Value));
    }

    private void Count(CurrentAnswer answer, int sign)
    {
        var grid = _settings.Grid;
        var psmAnswer = _settings.Mode == PricingModes.Psm ? answer.Psm(grid) : null;
        var price = psmAnswer is null ? answer.Price(grid) : 0;
        foreach (var key in answer.Cuts())
        {
            var cut = CutAt(key);
            switch ((cut.Psm, sign > 0))
            {
                case ({ } psm, true): psm.Add(psmAnswer!); break;
                case ({ } psm, false): psm.Remove(psmAnswer!); break;
                case (null, true): cut.Direct!.Add(price); break;
                case (null, false): cut.Direct!.Remove(price); break;
            }
        }
    }

    private Cut CutAt(CutKey key)
    {
        if (!_cuts.TryGetValue(key, out var cut)) _cuts[key] = cut = new Cut(_settings);
        return cut;
    }

    private void Changed(StatsAsOf asOf)
    {
        _asOf = asOf;
        _reads.Clear();
    }

    private static string? CheckDirect(PriceSubmitted e, PriceGrid grid) =>
        e.Price is not { } price ? "a direct item's submission has no price"
        : !grid.Contains(price) ? $"the price {price} is not on the grid"
        : null;

    private static string? CheckPsm(PriceSubmitted e, PriceGrid grid)
    {
        if (e is not { TooCheap: { } tooCheap, Cheap: { } cheap, Expensive: { } expensive, TooExpensive: { } tooExpensive })
            return "a psm item's submission lacks one of the four prices";
        if (!(grid.Contains(tooCheap) && grid.Contains(cheap) && grid.Contains(expensive) && grid.Contains(tooExpensive)))
            return "a psm price is not on the grid";
        if (!(tooCheap < cheap && cheap < expensive && expensive < tooExpensive)) return "the psm prices are not increasing";
        if ((e.LikelihoodAtCheap is null) != (e.LikelihoodAtExpensive is null)) return "only one likelihood was given";
        if (e.LikelihoodAtCheap is < 1 or > 5 || e.LikelihoodAtExpensive is < 1 or > 5) return "a likelihood is outside 1..5";
        return null;
    }

    /// <summary>The counts of one cut, and how many submissions were made through it.</summary>
    private sealed class Cut(ItemSettings settings)
    {
        public PriceCounts? Direct { get; } = settings.Mode == PricingModes.Psm ? null : new PriceCounts(settings.Grid);

        public PsmCounts? Psm { get; } = settings.Mode == PricingModes.Psm ? new PsmCounts(settings.Grid) : null;

        public long Submissions { get; set; }
    }
}

/// <summary>What the statistics need from an item's definition.</summary>
internal sealed record ItemSettings(string Currency, PriceGrid Grid, string Mode);
