using CoCreation.Api.Infrastructure;
using System.Text.Json.Serialization;
using CoCreation.Pricing.Statistics;

namespace CoCreation.Api.Pricing.Statistics;

/// <summary>
/// The contract's stats body for one item and cut. Every figure is null when the cut has no answers (and
/// <see cref="StandardDeviation"/>, <see cref="MeanCi95"/>, <see cref="MedianCi95"/> while there are too few).
/// In psm mode the scalar figures describe the "cheap" answers and <see cref="Psm"/> holds the Van Westendorp analysis.
/// </summary>
/// <param name="Participants">People whose current answer lies in the cut.</param>
/// <param name="Submissions">
/// Submissions applied to the cut, replaced ones included: for the whole item every submission, for a cut
/// those made through it (a person who answered twice through the app and once through WeChat counts 2 in
/// <c>channel=app</c>, 1 in <c>channel=wechat</c>, and 1 participant, in <c>wechat</c> only).
/// </param>
/// <param name="Mode">The most common price (the lowest one on ties).</param>
public sealed record PriceStatsResponse(
    string ItemId,
    StatsAsOf AsOf,
    string Currency,
    long Participants,
    long Submissions,
    double? Mean,
    double? StandardDeviation,
    long? Min,
    long? Max,
    long? Mode,
    StatsQuantiles? Quantiles,
    double? TrimmedMean20,
    double? Mad,
    long Outliers,
    double[]? MeanCi95,
    long[]? MedianCi95,
    Histogram? Histogram,
    PsmStats? Psm)
{
    internal static PriceStatsResponse From(string itemId, StatsAsOf asOf, string currency, long submissions, PriceSummary summary, PsmAnalysis? psm) =>
        new(itemId, asOf, currency, summary.Participants, submissions, summary.Mean, summary.StandardDeviation, summary.Min, summary.Max,
            summary.Mode, StatsQuantiles.From(summary.Quantiles), summary.TrimmedMean20, summary.Mad, summary.Outliers,
            summary.MeanCi95, summary.MedianCi95, summary.Histogram, psm is null ? null : PsmStats.From(psm));
}

/// <summary>Hyndman–Fan type 7 quantiles.</summary>
public sealed record StatsQuantiles(double P01, double P05, double P10, double P25, double P50, double P75, double P90, double P95, double P99)
{
    internal static StatsQuantiles? From(IReadOnlyDictionary<string, double>? q) => q is null
        ? null
        : new(q["p01"], q["p05"], q["p10"], q["p25"], q["p50"], q["p75"], q["p90"], q["p95"], q["p99"]);
}

/// <summary>Van Westendorp points (null where two curves never cross), the curves, and the NMS optima when likelihoods were given.</summary>
public sealed record PsmStats(
    double? Opp,
    double? Idp,
    double? Pmc,
    double? Pme,
    PsmRange Narrow,
    IReadOnlyList<PsmCurvePoint> Curves,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PsmNms? Nms)
{
    internal static PsmStats From(PsmAnalysis a) => new(a.Opp, a.Idp, a.Pmc, a.Pme, a.Narrow, a.Curves, a.Nms);
}
