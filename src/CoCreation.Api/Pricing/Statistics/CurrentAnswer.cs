using CoCreation.Api.Infrastructure;
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
