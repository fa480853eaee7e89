using CoCreation.Api.Pricing.Statistics;
using CoCreation.Pricing;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace CoCreation.Api.Tests.Pricing.Statistics;

/// <summary>Every figure of the stats recomputed directly from the sorted answers, to compare with the projection's.</summary>
public static class StatsRecount
{
    private static readonly double[] Levels = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];

    public static void AssertDirect(PriceStatsResponse actual, PriceScenario scenario, string? channel = null, string? region = null)
    {
        var answers = scenario.CurrentAnswers(channel, region);
        Assert.Null(actual.Psm);
        AssertFigures(actual, answers.Select(a => a.Price!.Value).ToList(), scenario.SubmissionsIn(channel, region));
    }

    /// <summary>The scalar figures describe the "cheap" answers.</summary>
    public static void AssertPsmScalars(PriceStatsResponse actual, PriceScenario scenario, string? channel = null, string? region = null) =>
        AssertFigures(actual, scenario.CurrentAnswers(channel, region).Select(a => a.Cheap!.Value).ToList(), scenario.SubmissionsIn(channel, region));

    /// <summary>Every figure of <paramref name="actual"/> against <paramref name="prices"/>, the current answers it should describe.</summary>
    public static void AssertFigures(PriceStatsResponse actual, List<long> prices, long submissions)
    {
        Assert.Equal(prices.Count, actual.Participants);
        Assert.Equal(submissions, actual.Submissions);
        if (prices.Count == 0)
        {
            Assert.Null(actual.Mean);
            Assert.Null(actual.Quantiles);
            Assert.Null(actual.Histogram);
            return;
        }

        var sorted = prices.Select(p => (double)p).Order().ToArray();
        var n = sorted.Length;
        Close(sorted.Average(), actual.Mean);
        Assert.Equal((long)sorted[0], actual.Min);
        Assert.Equal((long)sorted[^1], actual.Max);
        Assert.Equal(prices.GroupBy(p => p).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key, actual.Mode);

        var q = actual.Quantiles!;
        var reported = new[] { q.P01, q.P05, q.P10, q.P25, q.P50, q.P75, q.P90, q.P95, q.P99 };
        for (var i = 0; i < Levels.Length; i++) Close(SortedArrayStatistics.QuantileCustom(sorted, Levels[i], QuantileDefinition.R7), reported[i]);

        var trim = (int)Math.Floor(0.2 * n);
        Close(sorted.Skip(trim).Take(n - 2 * trim).Average(), actual.TrimmedMean20);
        var median = SortedArrayStatistics.QuantileCustom(sorted, 0.5, QuantileDefinition.R7);
        var deviations = sorted.Select(x => Math.Abs(x - median)).Order().ToArray();
        var mad = SortedArrayStatistics.QuantileCustom(deviations, 0.5, QuantileDefinition.R7);
        Close(mad, actual.Mad);
        Assert.Equal(sorted.Count(x => Math.Abs(x - median) > 3 * 1.4826 * mad), actual.Outliers);

        if (n >= 2)
        {
            var sd = sorted.StandardDeviation();
            Close(sd, actual.StandardDeviation);
            var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
            Close(sorted.Average() - half, actual.MeanCi95![0]);
            Close(sorted.Average() + half, actual.MeanCi95![1]);
        }
        else
        {
            Assert.Null(actual.StandardDeviation);
        }
        AssertMedianInterval(sorted, actual.MedianCi95);

        var histogram = actual.Histogram!;
        Assert.Equal(n, histogram.Bins.Sum(b => b.Count));
        Assert.Equal(sorted[0], histogram.Bins[0].From);
        Assert.True(histogram.Bins[^1].To > sorted[^1]);
        foreach (var bin in histogram.Bins)
        {
            Assert.Equal(histogram.BinWidth, bin.To - bin.From);
            Assert.Equal(sorted.Count(x => x >= bin.From && x < bin.To), bin.Count);
        }
    }

    /// <summary>The widest symmetric order-statistic interval [x(l), x(n−l+1)] whose binomial coverage is still ≥ 95%.</summary>
    private static void AssertMedianInterval(double[] sorted, long[]? actual)
    {
        var n = sorted.Length;
        var l = 0;
        for (var candidate = 1; candidate <= n / 2; candidate++)
        {
            var coverage = 1 - 2 * Binomial.CDF(0.5, n, candidate - 1);
            if (coverage >= 0.95) l = candidate;
        }
        if (l == 0)
        {
            Assert.Null(actual);
            return;
        }
        Assert.Equal([(long)sorted[l - 1], (long)sorted[n - l]], actual!);
    }

    /// <summary>
    /// Brute force from the answers: the Van Westendorp points from shares counted directly at every grid point,
    /// at the first sign change of falling − rising, interpolated linearly.
    /// </summary>
    public static (double? Opp, double? Idp, double? Pmc, double? Pme) PsmPoints(PricingItemDefined item, IReadOnlyList<PriceSubmitted> answers)
    {
        double n = answers.Count;
        double AtOrAbove(Func<PriceSubmitted, long> question, long price) => answers.Count(a => question(a) >= price) / n;
        double AtOrBelow(Func<PriceSubmitted, long> question, long price) => answers.Count(a => question(a) <= price) / n;
        double TooCheap(long p) => AtOrAbove(a => a.TooCheap!.Value, p);
        double Cheap(long p) => AtOrAbove(a => a.Cheap!.Value, p);
        double Expensive(long p) => AtOrBelow(a => a.Expensive!.Value, p);
        double TooExpensive(long p) => AtOrBelow(a => a.TooExpensive!.Value, p);
        return (
            Crossing(item, TooCheap, TooExpensive),
            Crossing(item, Cheap, Expensive),
            Crossing(item, TooCheap, p => 1 - Cheap(p)),
            Crossing(item, p => 1 - Expensive(p), TooExpensive));
    }

    private static double? Crossing(PricingItemDefined item, Func<long, double> falling, Func<long, double> rising)
    {
        double? previous = null;
        for (var price = item.Min; price <= item.Max; price += item.Step)
        {
            var difference = falling(price) - rising(price);
            if (previous is null && difference <= 0) return difference == 0 ? price : null;
            if (difference <= 0) return price - item.Step + previous!.Value / (previous.Value - difference) * item.Step;
            previous = difference;
        }
        return null;
    }

    /// <summary>
    /// Equal figures, except the NMS trial level, which only agrees to rounding: PsmCounts keeps its trial curve in
    /// doubles, so a state rebuilt from the current answers differs in the last bits from one that also saw removals.
    /// </summary>
    public static void AssertSame(PriceStatsResponse expected, PriceStatsResponse actual)
    {
        Assert.Equivalent(expected with { Psm = expected.Psm is null ? null : expected.Psm with { Nms = null } },
            actual with { Psm = actual.Psm is null ? null : actual.Psm with { Nms = null } }, strict: true);
        if (expected.Psm?.Nms is not { } nms) return;
        Assert.Equal((nms.TrialOptimal, nms.RevenueOptimal), (actual.Psm!.Nms!.TrialOptimal, actual.Psm.Nms.RevenueOptimal));
        Close(nms.TrialAtOptimum, actual.Psm.Nms.TrialAtOptimum);
    }

    public static void Close(double? expected, double? actual)
    {
        if (expected is null) Assert.Null(actual);
        else Close(expected.Value, actual);
    }

    public static void Close(double expected, double? actual)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual.Value) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
    }
}
