using MathNet.Numerics.Distributions;

namespace CoCreation.Pricing.Statistics;

/// <summary>The figures the contract promises for one set of current answers.</summary>
public sealed record PriceSummary(
    long Participants,
    double? Mean,
    double? StandardDeviation,
    long? Min,
    long? Max,
    long? Mode,
    IReadOnlyDictionary<string, double>? Quantiles,
    double? TrimmedMean20,
    double? Mad,
    long Outliers,
    double[]? MeanCi95,
    long[]? MedianCi95,
    Histogram? Histogram)
{
    /// <summary>Quantile levels reported, by name.</summary>
    public static IReadOnlyList<(string Name, double P)> Levels { get; } =
    [
        ("p01", 0.01), ("p05", 0.05), ("p10", 0.10), ("p25", 0.25), ("p50", 0.50),
        ("p75", 0.75), ("p90", 0.90), ("p95", 0.95), ("p99", 0.99),
    ];

    public const int DefaultBins = 20;
    public const int MaxBins = 200;

    /// <summary>
    /// Computes every figure from the counts in O(grid points): quantiles are Hyndman–Fan type 7,
    /// the standard deviation is the sample one, the trimmed mean drops ⌊0.2n⌋ answers from each
    /// tail, MAD is raw (unscaled), outliers lie beyond 3 × 1.4826 × MAD from the median, the mean's
    /// interval is Student t, the median's is distribution-free from binomial order statistics.
    /// </summary>
    public static PriceSummary Compute(PriceCounts counts, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var n = counts.Count;
        if (n == 0) return new PriceSummary(0, null, null, null, null, null, null, null, null, 0, null, null, null);

        var view = new OrderView(counts);
        var mean = (double)counts.Sum / n;
        double? sd = null;
        double[]? meanCi = null;
        if (n >= 2)
        {
            var numerator = n * counts.SumOfSquares - counts.Sum * counts.Sum;
            sd = Math.Sqrt((double)numerator / ((double)n * (n - 1)));
            var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd.Value / Math.Sqrt(n);
            meanCi = [mean - half, mean + half];
        }

        var quantiles = Levels.ToDictionary(l => l.Name, l => view.Quantile(l.P), StringComparer.Ordinal);
        var median = view.Quantile(0.5);
        var trim = n * 2 / 10;
        var trimmed = (double)(view.SumOfSmallest(n - trim) - view.SumOfSmallest(trim)) / (n - 2 * trim);
        var mad = view.MedianAbsoluteDeviation(median);
        var band = 3 * 1.4826 * mad;
        var outliers = view.CountBelow(median - band) + view.CountAbove(median + band);

        return new PriceSummary(
            n, mean, sd, view.OrderStatistic(0), view.OrderStatistic(n - 1), view.Mode(), quantiles, trimmed, mad, outliers,
            meanCi, MedianInterval(view, n), view.Histogram(Math.Clamp(bins, 1, MaxBins)));
    }

    /// <summary>
    /// [x(l), x(u)] with l the largest rank such that P(B ≤ l − 1) ≤ 0.025 for B ~ Binomial(n, ½), u = n − l + 1
    /// (1-based ranks), so the interval covers the median with probability ≥ 95%. Null when n is too small.
    /// The CDF is monotone, so l is found by bisection: O(log n) evaluations, which keeps a read's cost independent
    /// of the number of answers (a linear walk made it grow with n).
    /// </summary>
    private static long[]? MedianInterval(OrderView view, long n)
    {
        // l = the smallest k with P(B ≤ k) > 0.025; P(B ≤ n) = 1, so it exists.
        long lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (Binomial.CDF(0.5, (int)n, mid) > 0.025) hi = mid;
            else lo = mid + 1;
        }
        var l = lo;
        if (l < 1) return null;
        var u = n - l + 1;
        return [view.OrderStatistic(l - 1), view.OrderStatistic(u - 1)];
    }
}

/// <summary>A histogram over the observed range, in bins that are whole multiples of the grid step.</summary>
public sealed record Histogram(long BinWidth, IReadOnlyList<HistogramBin> Bins);

/// <summary>Answers with <c>From ≤ price &lt; To</c>.</summary>
public sealed record HistogramBin(long From, long To, long Count);
