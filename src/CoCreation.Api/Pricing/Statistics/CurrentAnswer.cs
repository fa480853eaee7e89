using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// A person's current answer, kept small because there is one per person: grid indexes instead of prices,
/// likelihoods as bytes (0 = not given), channel and region as indexes into the item's <see cref="Labels"/>
/// (region −1 = not given). Direct answers use <see cref="First"/> only; PSM answers use all four indexes in
/// question order (too cheap, cheap, expensive, too expensive).
/// </summary>
internal readonly record struct CurrentAnswer(
    int First, int Second, int Third, int Fourth, byte LikelihoodAtCheap, byte LikelihoodAtExpensive, int Channel, int Region)
{
    public const int None = -1;

    public static CurrentAnswer Direct(int price, int channel, int region) => new(price, None, None, None, 0, 0, channel, region);

    public long Price(PriceGrid grid) => grid.PriceAt(First);

    public PsmAnswer Psm(PriceGrid grid) => new(
        grid.PriceAt(First), grid.PriceAt(Second), grid.PriceAt(Third), grid.PriceAt(Fourth),
        LikelihoodAtCheap == 0 ? null : LikelihoodAtCheap,
        LikelihoodAtExpensive == 0 ? null : LikelihoodAtExpensive);

    /// <summary>The cuts this answer is counted in: all, its channel, and when it has a region, its region and channel × region.</summary>
    public CutKey[] Cuts() => CutKey.Of(Channel, Region);
}

/// <summary>A segment of an item's answers: a channel, a region, both, or neither (<see cref="Any"/> = not filtered).</summary>
/// <remarks>Shared by every live projection that cuts by channel and region (prices, ballots).</remarks>
internal readonly record struct CutKey(int Channel, int Region)
{
    public const int Any = -1;

    public static CutKey All { get; } = new(Any, Any);

    /// <summary>The cuts an answer through <paramref name="channel"/> from <paramref name="region"/> (<see cref="Any"/> = none given) is counted in.</summary>
    public static CutKey[] Of(int channel, int region) => region == Any
        ? [All, new(channel, Any)]
        : [All, new(channel, Any), new(Any, region), new(channel, region)];
}

/// <summary>Distinct strings of one kind (channels, regions) numbered in order of first appearance.</summary>
internal sealed class Labels
{
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Values => _values;

    public int Intern(string value)
    {
        if (_indexes.TryGetValue(value, out var index)) return index;
        _values.Add(value);
        return _indexes[value] = _values.Count - 1;
    }

    public int? Find(string value) => _indexes.TryGetValue(value, out var index) ? index : null;
}
