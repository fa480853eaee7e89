using CoCreation.Pricing.Statistics;
using MathNet.Numerics.Statistics;

namespace CoCreation.Domain.Tests.Pricing;

/// <summary>Every figure against a direct computation on the sorted current answers.</summary>
public sealed class PriceSummaryTests
{
    private static readonly PriceGrid Grid = new(100_000, 300_000, 500);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(7, 3)]
    [InlineData(3_001, 4)]
    [InlineData(20_000, 5)]
    public void every_figure_matches_a_recount_of_the_current_answers_after_random_replacements(int people, int seed)
    {
        var random = new Random(seed);
        var counts = new PriceCounts(Grid);
        var current = new Dictionary<int, long>();
        for (var i = 0; i < people * 2; i++)
        {
            var person = random.Next(people);
            var price = RandomPrice(random);
            if (current.TryGetValue(person, out var previous)) counts.Remove(previous);
            counts.Add(price);
            current[person] = price;
        }

        var summary = PriceSummary.Compute(counts, bins: 17);

        var sorted = current.Values.Order().ToArray();
        var data = sorted.Select(p => (double)p).ToArray();
        Assert.Equal(sorted.Length, summary.Participants);
        Assert.Equal(sorted[0], summary.Min);
        Assert.Equal(sorted[^1], summary.Max);
        Assert.Equal(data.Average(), summary.Mean!.Value, 6);
        foreach (var (name, p) in PriceSummary.Levels)
        {
            Assert.Equal(SortedArrayStatistics.QuantileCustom(data, p, QuantileDefinition.R7), summary.Quantiles![name], 6);
        }
        var median = SortedArrayStatistics.Median(data);
        var cut = sorted.Length * 2 / 10;
        Assert.Equal(data.Skip(cut).Take(sorted.Length - 2 * cut).Average(), summary.TrimmedMean20!.Value, 6);
        var mad = data.Select(x => Math.Abs(x - median)).Median();
        Assert.Equal(mad, summary.Mad!.Value, 6);
        Assert.Equal(data.Count(x => Math.Abs(x - median) > 3 * 1.4826 * mad), summary.Outliers);
        Assert.Equal(sorted.GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key, summary.Mode);

        var histogram = summary.Histogram!;
        Assert.True(histogram.Bins.Count <= 17);
        Assert.Equal(sorted.Length, histogram.Bins.Sum(b => b.Count));
        Assert.All(histogram.Bins, b => Assert.Equal(sorted.Count(x => x >= b.From && x < b.To), b.Count));
        Assert.Equal(0, histogram.BinWidth % Grid.Step);

        if (sorted.Length >= 2)
        {
            Assert.Equal(data.StandardDeviation(), summary.StandardDeviation!.Value, 6);
            var half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, sorted.Length - 1, 0.975) * data.StandardDeviation() / Math.Sqrt(sorted.Length);
            Assert.Equal(data.Average() - half, summary.MeanCi95![0], 6);
            Assert.Equal(data.Average() + half, summary.MeanCi95![1], 6);
        }
        else
        {
            Assert.Null(summary.StandardDeviation);
            Assert.Null(summary.MeanCi95);
        }
    }

    [Fact]
    public void a_hand_checked_set_gives_the_textbook_figures()
    {
        var grid = new PriceGrid(0, 1_000, 1);
        var counts = new PriceCounts(grid);
        foreach (var price in new long[] { 1, 2, 3, 4, 100 }) counts.Add(price);

        var s = PriceSummary.Compute(counts);

        Assert.Equal(22, s.Mean);
        Assert.Equal(3, s.Quantiles!["p50"]);
        Assert.Equal(2, s.Quantiles["p25"]);
        Assert.Equal(4, s.Quantiles["p75"]);
        Assert.Equal(1.04, s.Quantiles["p01"], 10);     // 1 + 0.04 × (2 − 1)
        Assert.Equal(3, s.TrimmedMean20);                // drops 1 and 100
        Assert.Equal(1, s.Mad);                          // deviations 2,1,0,1,97 → median 1
        Assert.Equal(1, s.Outliers);                     // only 100 is beyond 3 × 1.4826
    }

    [Fact]
    public void the_median_interval_at_d90_scale_is_the_exact_binomial_one()
    {
        const int n = 900_000;
        var counts = new PriceCounts(new PriceGrid(0, n - 1, 1));
        for (var price = 0; price < n; price++) counts.Add(price);

        var interval = PriceSummary.Compute(counts).MedianCi95!;

        // Prices equal their 0-based ranks here, so the interval is [x(l), x(n − l + 1)] = [l − 1, n − l].
        var l = interval[0] + 1;
        Assert.Equal(n - l, interval[1]);
        var binomial = new MathNet.Numerics.Distributions.Binomial(0.5, n);
        Assert.True(binomial.CumulativeDistribution(l - 1) <= 0.025);
        Assert.True(binomial.CumulativeDistribution(l) > 0.025);
        var normal = n / 2.0 - 1.959963984540054 * Math.Sqrt(n) / 2.0;
        Assert.InRange(l, normal - 2, normal + 2);
    }

    [Fact]
    public void the_median_interval_covers_at_least_95_percent_by_the_binomial()
    {
        var grid = new PriceGrid(0, 1_000, 1);
        var counts = new PriceCounts(grid);
        for (var price = 1; price <= 30; price++) counts.Add(price);

        var s = PriceSummary.Compute(counts);

        // For n = 30 the exact rule gives ranks 10 and 21 (P(B ≤ 9) = 0.0214 ≤ 0.025 < P(B ≤ 10) = 0.0494).
        Assert.Equal([10L, 21L], s.MedianCi95!);
        var coverage = 1 - 2 * new MathNet.Numerics.Distributions.Binomial(0.5, 30).CumulativeDistribution(9);
        Assert.True(coverage >= 0.95);
    }

    [Fact]
    public void removing_every_answer_leaves_an_empty_summary()
    {
        var counts = new PriceCounts(Grid);
        counts.Add(150_000);
        counts.Remove(150_000);

        var s = PriceSummary.Compute(counts);

        Assert.Equal(0, s.Participants);
        Assert.Null(s.Mean);
        Assert.Null(s.Histogram);
        Assert.Throws<InvalidOperationException>(() => counts.Remove(150_000));
    }

    [Fact]
    public void counts_survive_a_snapshot_round_trip()
    {
        var random = new Random(9);
        var counts = new PriceCounts(Grid);
        for (var i = 0; i < 500; i++) counts.Add(RandomPrice(random));

        var restored = PriceCounts.FromArray(Grid, counts.ToArray());

        Assert.Equal(counts.Count, restored.Count);
        Assert.Equal(counts.Sum, restored.Sum);
        Assert.Equal(counts.SumOfSquares, restored.SumOfSquares);
        Assert.Equal(PriceSummary.Compute(counts).Quantiles, PriceSummary.Compute(restored).Quantiles);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(10, 5, 1)]
    [InlineData(0, 10, 3)]
    [InlineData(0, 10, 0)]
    public void an_invalid_grid_is_refused(long min, long max, long step) =>
        Assert.ThrowsAny<ArgumentException>(() => new PriceGrid(min, max, step));

    /// <summary>Prices around a list price, clustered on round numbers, with a long upper tail.</summary>
    private static long RandomPrice(Random random)
    {
        var raw = 180_000 + random.NextDouble() * random.NextDouble() * 60_000 - 15_000;
        var round = random.Next(3) == 0 ? 10_000 : 500;
        var price = (long)Math.Round(raw / round) * round;
        return Math.Clamp(price, Grid.Min, Grid.Max);
    }
}
