using System.Text.Json;
using System.Text.Json.Serialization;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Exporting;

/// <summary>A Van Westendorp point with its bootstrap interval (null without replicates or when no replicate had the point).</summary>
/// <param name="Replicates">Replicates in which the two curves crossed; the interval is over these.</param>
public sealed record PsmPointExport(double? Value, double[]? Ci95, int Replicates)
{
    internal static PsmPointExport From(double? value, PsmInterval? interval) =>
        new(value, interval is null ? null : [interval.Low, interval.High], interval?.Replicates ?? 0);
}

public sealed record PsmRangeExport(PsmPointExport Pmc, PsmPointExport Pme);

/// <summary>
/// The Newton–Miller–Smith optima (as in the stats) with the 95% bootstrap intervals of the two prices; an interval is
/// null without replicates, and <paramref name="Replicates"/> counts the replicates that drew someone with likelihoods.
/// </summary>
public sealed record PsmNmsExport(long TrialOptimal, long RevenueOptimal, double TrialAtOptimum, double[]? TrialOptimalCi95, double[]? RevenueOptimalCi95, int Replicates)
{
    internal static PsmNmsExport? From(PsmNms? nms, PsmPointIntervals? intervals) => nms is null ? null : new(
        nms.TrialOptimal, nms.RevenueOptimal, nms.TrialAtOptimum,
        Ci95(intervals?.NmsTrialOptimal), Ci95(intervals?.NmsRevenueOptimal), intervals?.NmsTrialOptimal?.Replicates ?? 0);

    private static double[]? Ci95(PsmInterval? interval) => interval is null ? null : [interval.Low, interval.High];
}

/// <summary>How the intervals were drawn: a Poisson bootstrap over people, percentile intervals, seeded from the position.</summary>
public sealed record PsmBootstrapExport(int Replicates, int Seed);

/// <summary>The curves on every grid point of the answered range, with their complements.</summary>
public sealed record PsmCurveExport(long Price, double TooCheap, double Cheap, double Expensive, double TooExpensive, double NotCheap, double NotExpensive);

/// <summary>
/// <c>kind=psm</c> (curves) and <c>kind=psm-points</c> (the points, each with a 95% bootstrap interval).
/// </summary>
/// <remarks>
/// pandas reads one table per CSV, so the CSV of <c>psm</c> is the curves alone and <c>psm-points</c> is a second,
/// small table; JSON carries both in one document (<c>psm-points</c> JSON leaves the curves out).
/// </remarks>
internal static class PsmExport
{
    public static readonly string[] CurvesHeader = ["price", "too_cheap", "cheap", "expensive", "too_expensive", "not_cheap", "not_expensive"];

    public static readonly string[] PointsHeader = ["point", "value", "ci95_low", "ci95_high"];

    public sealed record Result(
        string CampaignId, string ItemId, string Mode, string Currency, ExportAsOf AsOf, long Participants, PsmBootstrapExport Bootstrap,
        PsmPointExport Opp, PsmPointExport Idp, PsmPointExport Pmc, PsmPointExport Pme, PsmRangeExport Narrow, PsmNmsExport? Nms,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PsmCurveExport>? Curves);

    public static Result Compute(long asOf, CountedAnswers counted, int replicates, bool withCurves)
    {
        var item = counted.Item.Item;
        var analysis = PsmAnalysis.Compute(counted.Psm!, curvePoints: item.Grid.Points);
        var seed = PsmBootstrap.SeedFor(asOf);
        var intervals = replicates > 0 && counted.Tuples!.Count > 0 ? PsmBootstrap.Run(counted.Tuples, replicates, seed) : null;
        var curves = withCurves
            ? analysis?.Curves.Select(c => new PsmCurveExport(c.Price, c.TooCheap, c.Cheap, c.Expensive, c.TooExpensive, 1 - c.Cheap, 1 - c.Expensive)).ToList() ?? []
            : null;
        return new Result(
            item.CampaignId, item.ItemId, item.Mode, item.Currency, new ExportAsOf(asOf), counted.Psm!.Count, new PsmBootstrapExport(replicates, seed),
            PsmPointExport.From(analysis?.Opp, intervals?.Opp), PsmPointExport.From(analysis?.Idp, intervals?.Idp),
            PsmPointExport.From(analysis?.Pmc, intervals?.Pmc), PsmPointExport.From(analysis?.Pme, intervals?.Pme),
            new PsmRangeExport(PsmPointExport.From(analysis?.Narrow.Pmc, intervals?.NarrowPmc), PsmPointExport.From(analysis?.Narrow.Pme, intervals?.NarrowPme)),
            PsmNmsExport.From(analysis?.Nms, intervals), curves);
    }

    public static async Task WriteCurvesCsvAsync(Stream body, ExportQuery query, Result result, CancellationToken cancellationToken)
    {
        await using var csv = await ExportOutput.StartCsvAsync(body, query.Bom, CurvesHeader, cancellationToken);
        foreach (var c in result.Curves ?? [])
        {
            csv.Field(ExportOutput.Number(c.Price));
            foreach (var share in new[] { c.TooCheap, c.Cheap, c.Expensive, c.TooExpensive, c.NotCheap, c.NotExpensive }) csv.Field(ExportOutput.Number(share));
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>Rows opp, idp, pmc, pme, narrow_pmc, narrow_pme, nms_trial_optimal, nms_revenue_optimal, each with its interval.</summary>
    public static async Task WritePointsCsvAsync(Stream body, ExportQuery query, Result result, CancellationToken cancellationToken)
    {
        await using var csv = await ExportOutput.StartCsvAsync(body, query.Bom, PointsHeader, cancellationToken);
        var rows = new (string Name, PsmPointExport Point)[]
        {
            ("opp", result.Opp), ("idp", result.Idp), ("pmc", result.Pmc), ("pme", result.Pme),
            ("narrow_pmc", result.Narrow.Pmc), ("narrow_pme", result.Narrow.Pme),
            ("nms_trial_optimal", new PsmPointExport(result.Nms?.TrialOptimal, result.Nms?.TrialOptimalCi95, result.Nms?.Replicates ?? 0)),
            ("nms_revenue_optimal", new PsmPointExport(result.Nms?.RevenueOptimal, result.Nms?.RevenueOptimalCi95, result.Nms?.Replicates ?? 0)),
        };
        foreach (var (name, point) in rows)
        {
            csv.Field(name);
            csv.Field(ExportOutput.Number(point.Value));
            csv.Field(ExportOutput.Number(point.Ci95?[0]));
            csv.Field(ExportOutput.Number(point.Ci95?[1]));
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    public static Task WriteJsonAsync(Stream body, Result result, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(body, result, ExportOutput.Json, cancellationToken);
}
