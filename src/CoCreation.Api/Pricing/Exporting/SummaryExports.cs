using CoCreation.Api.Infrastructure;
using CoCreation.Api.Pricing.Statistics;
using CoCreation.Pricing;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>
/// The current answers as of the export's position, counted per grid point (memory bounded by the grid) and, for
/// the PSM bootstrap, grouped by distinct answer (memory bounded by the distinct answers).
/// </summary>
internal sealed class CountedAnswers
{
    private CountedAnswers(ItemAsOf item)
    {
        Item = item;
        var grid = item.Item.Grid;
        if (item.Item.Mode == PricingModes.Psm)
        {
            Psm = new PsmCounts(grid);
            Tuples = new PsmTuples(grid);
        }
        else
        {
            Direct = new PriceCounts(grid);
        }
        AsOf = item.Defined;
    }

    public ItemAsOf Item { get; }

    public PriceCounts? Direct { get; }

    public PsmCounts? Psm { get; }

    public PsmTuples? Tuples { get; }

    /// <summary>The last event of the item counted, as the stats report it.</summary>
    public StatsAsOf AsOf { get; private set; }

    public static async Task<CountedAnswers> CountAsync(ItemAsOf item, IAsyncEnumerable<CurrentSubmission> rows, ILogger logger, CancellationToken cancellationToken)
    {
        var counted = new CountedAnswers(item);
        var grid = item.Item.Grid;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.Sequence > counted.AsOf.Sequence) counted.AsOf = new StatsAsOf(row.Sequence, row.SubmittedAt);
            if (counted.Direct is { } direct && row.Price is { } price && grid.Contains(price))
            {
                direct.Add(price);
            }
            else if (counted.Psm is { } psm && PsmOf(row, grid) is { } answer)
            {
                psm.Add(answer);
                counted.Tuples!.Add(answer);
            }
            else
            {
                // The write side validates every answer, so only a hand-made event lands here; the stats skip it too.
                logger.LogWarning("Export of {Campaign}/{Item} skips submission {Sequence}: it does not fit the item", item.Item.CampaignId, item.Item.ItemId, row.Sequence);
            }
        }
        return counted;
    }

    private static PsmAnswer? PsmOf(CurrentSubmission row, PriceGrid grid)
    {
        if (row is not { TooCheap: { } tooCheap, Cheap: { } cheap, Expensive: { } expensive, TooExpensive: { } tooExpensive }) return null;
        var answer = new PsmAnswer(tooCheap, cheap, expensive, tooExpensive, row.LikelihoodAtCheap, row.LikelihoodAtExpensive);
        var onGrid = grid.Contains(tooCheap) && grid.Contains(cheap) && grid.Contains(expensive) && grid.Contains(tooExpensive);
        var likelihoods = (row.LikelihoodAtCheap is null) == (row.LikelihoodAtExpensive is null)
            && row.LikelihoodAtCheap is null or (>= 1 and <= 5) && row.LikelihoodAtExpensive is null or (>= 1 and <= 5);
        return onGrid && answer.IsOrdered && likelihoods ? answer : null;
    }

    /// <summary>The stats body <c>/stats</c> would serve for the whole item at this position.</summary>
    public PriceStatsResponse Stats(long submissions, int bins) => Psm is { } psm
        ? PriceStatsResponse.From(Item.Item.ItemId, AsOf, Item.Item.Currency, submissions, PriceSummary.Compute(psm.Cheap, bins), PsmAnalysis.Compute(psm))
        : PriceStatsResponse.From(Item.Item.ItemId, AsOf, Item.Item.Currency, submissions, PriceSummary.Compute(Direct!, bins), null);
}

/// <summary><c>kind=histogram</c>: CSV <c>from,to,count</c>; JSON the export's position and the full stats body.</summary>
internal static class HistogramExport
{
    public static readonly string[] Header = ["from", "to", "count"];

    public static async Task WriteCsvAsync(Stream body, ExportQuery query, PriceStatsResponse stats, CancellationToken cancellationToken)
    {
        await using var csv = await ExportOutput.StartCsvAsync(body, query.Bom, Header, cancellationToken);
        foreach (var bin in stats.Histogram?.Bins ?? [])
        {
            csv.Field(ExportOutput.Number(bin.From));
            csv.Field(ExportOutput.Number(bin.To));
            csv.Field(ExportOutput.Number(bin.Count));
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary><c>{campaignId, itemId, mode, currency, asOf: {sequence}, stats}</c>, where <c>stats</c> is the <c>/stats</c> body.</summary>
    public sealed record Body(string CampaignId, string ItemId, string Mode, string Currency, ExportAsOf AsOf, PriceStatsResponse Stats);

    public static Task WriteJsonAsync(Stream body, long asOf, ItemAsOf item, PriceStatsResponse stats, CancellationToken cancellationToken) =>
        System.Text.Json.JsonSerializer.SerializeAsync(
            body, new Body(item.Item.CampaignId, item.Item.ItemId, item.Item.Mode, item.Item.Currency, new ExportAsOf(asOf), stats), ExportOutput.Json, cancellationToken);
}
