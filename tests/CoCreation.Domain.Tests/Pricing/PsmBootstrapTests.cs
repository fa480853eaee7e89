using CoCreation.Pricing.Statistics;

namespace CoCreation.Domain.Tests.Pricing;

public sealed class PsmBootstrapTests
{
    private static readonly PriceGrid Grid = new(100_000, 300_000, 1_000);

    /// <summary>People whose four prices scatter around a centre, with a few answers repeated by several people.</summary>
    private static List<PsmAnswer> People(int n, int seed)
    {
        var random = new Random(seed);
        var people = new List<PsmAnswer>(n);
        for (var i = 0; i < n; i++)
        {
            var cheap = 60 + (int)(Normal(random) * 12);
            var tooCheap = cheap - 1 - random.Next(25);
            var expensive = cheap + 1 + random.Next(35);
            var tooExpensive = expensive + 1 + random.Next(35);
            // Two in three give purchase likelihoods (1–5), more at the cheap price than at the expensive one.
            var likelihoods = random.Next(3) != 0;
            var atCheap = 2 + random.Next(4);
            people.Add(new PsmAnswer(
                Price(tooCheap), Price(cheap), Price(expensive), Price(tooExpensive),
                likelihoods ? atCheap : null, likelihoods ? 1 + random.Next(atCheap) : null));
        }
        return people;

        static long Price(int index) => Grid.PriceAt(Math.Clamp(index, 0, Grid.Points - 1));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static PsmTuples Tuples(IEnumerable<PsmAnswer> people)
    {
        var tuples = new PsmTuples(Grid);
        foreach (var person in people) tuples.Add(person);
        return tuples;
    }

    private static PsmAnalysis Analysis(IEnumerable<PsmAnswer> people)
    {
        var counts = new PsmCounts(Grid);
        foreach (var person in people) counts.Add(person);
        return PsmAnalysis.Compute(counts)!;
    }

    [Fact]
    public void identical_answers_are_grouped_with_their_counts()
    {
        var a = new PsmAnswer(100_000, 110_000, 120_000, 130_000);
        var b = new PsmAnswer(100_000, 110_000, 120_000, 140_000);

        var tuples = Tuples([a, b, a, a]);

        Assert.Equal(4, tuples.Count);
        Assert.Equal(2, tuples.Distinct);
        Assert.Equal([a, b], tuples.Answers);
        Assert.Equal([3, 1], tuples.Counts);
    }

    [Fact]
    public void answers_with_the_same_prices_but_other_likelihoods_are_kept_apart_and_read_back_whole()
    {
        var none = new PsmAnswer(100_000, 110_000, 120_000, 130_000);
        var likely = new PsmAnswer(100_000, 110_000, 120_000, 130_000, LikelihoodAtCheap: 5, LikelihoodAtExpensive: 2);
        var lessLikely = new PsmAnswer(100_000, 110_000, 120_000, 130_000, LikelihoodAtCheap: 4, LikelihoodAtExpensive: 2);
        // One likelihood without the other counts as none, as in PsmCounts.
        var half = new PsmAnswer(100_000, 110_000, 120_000, 130_000, LikelihoodAtCheap: 3);

        var tuples = Tuples([none, likely, lessLikely, likely, half]);

        Assert.Equal([none, likely, lessLikely], tuples.Answers);
        Assert.Equal([2, 2, 1], tuples.Counts);
    }

    [Fact]
    public void each_replicates_nms_optima_equal_a_direct_recount_of_its_materialised_resample()
    {
        var distinct = People(15, seed: 8);
        var people = distinct.SelectMany((answer, i) => Enumerable.Repeat(answer, 1 + i % 3)).ToList();
        var tuples = Tuples(people);
        var answers = tuples.Answers.ToList();
        var prices = Enumerable.Range(0, Grid.Points).Select(Grid.PriceAt).ToList();

        var checkedReplicates = 0;
        foreach (var replicate in PsmBootstrap.Replicates(tuples, 40, seed: 21))
        {
            var resample = answers.SelectMany((answer, i) => Enumerable.Repeat(answer, replicate.Weights[i])).Where(a => a.HasLikelihoods).ToList();
            if (resample.Count == 0)
            {
                Assert.Null(replicate.Nms);
                continue;
            }
            // Independently: everyone's purchase probability at every grid price, summed, and the best prices.
            double Trial(long p) => resample.Sum(a => PsmByHand.Probability(a, p));
            var bestTrial = prices.Max(Trial);
            var bestRevenue = prices.Max(p => p * Trial(p));
            var nms = replicate.Nms!;
            Assert.Equal(bestTrial, Trial(nms.TrialOptimal), 9);
            Assert.Equal(bestRevenue, nms.RevenueOptimal * Trial(nms.RevenueOptimal), 3);
            Assert.Equal(bestTrial / resample.Count, nms.TrialAtOptimum, 9);
            checkedReplicates++;
        }
        Assert.Equal(40, checkedReplicates);
    }

    [Fact]
    public void each_replicates_points_equal_the_analysis_of_its_materialised_resample()
    {
        // Few distinct answers, each given by several people, so weights above 1 and 0 both occur.
        var distinct = People(12, seed: 5);
        var people = distinct.SelectMany((answer, i) => Enumerable.Repeat(answer, 1 + i % 4)).ToList();
        var tuples = Tuples(people);
        var answers = tuples.Answers.ToList();

        var checkedReplicates = 0;
        foreach (var replicate in PsmBootstrap.Replicates(tuples, 60, seed: 11))
        {
            var resample = answers.SelectMany((answer, i) => Enumerable.Repeat(answer, replicate.Weights[i])).ToList();
            if (resample.Count == 0)
            {
                Assert.Null(replicate.Points);
                continue;
            }
            var expected = Analysis(resample);
            var points = replicate.Points!;
            Assert.Equal(expected.Opp, points.Opp);
            Assert.Equal(expected.Idp, points.Idp);
            Assert.Equal(expected.Pmc, points.Pmc);
            Assert.Equal(expected.Pme, points.Pme);
            Assert.Equal(expected.Narrow, points.Narrow);
            checkedReplicates++;
        }
        Assert.Equal(60, checkedReplicates);
    }

    [Fact]
    public void a_distinct_answers_weight_has_the_mean_and_variance_of_its_count_as_per_person_poisson_weights_would()
    {
        // A sum of c independent Poisson(1) person weights is Poisson(c): mean c, variance c. Small counts are drawn
        // from a table, large ones (100 here) by MathNet's sampler; both must hold.
        var people = Enumerable.Repeat(new PsmAnswer(100_000, 110_000, 120_000, 130_000), 1)
            .Concat(Enumerable.Repeat(new PsmAnswer(101_000, 111_000, 121_000, 131_000), 7))
            .Concat(Enumerable.Repeat(new PsmAnswer(102_000, 112_000, 122_000, 132_000), 40))
            .Concat(Enumerable.Repeat(new PsmAnswer(103_000, 113_000, 123_000, 133_000), 100));
        var tuples = Tuples(people);
        const int replicates = 2_000;

        var weights = PsmBootstrap.Replicates(tuples, replicates, seed: 3).Select(r => r.Weights).ToList();

        for (var i = 0; i < tuples.Distinct; i++)
        {
            double c = tuples.Counts[i];
            var sample = weights.Select(w => (double)w[i]).ToArray();
            var mean = sample.Average();
            var variance = sample.Sum(x => (x - mean) * (x - mean)) / (replicates - 1);
            Assert.InRange(mean, c - 5 * Math.Sqrt(c / replicates), c + 5 * Math.Sqrt(c / replicates));
            // The sample variance of Poisson(c) has standard error about sqrt((c + 2c²) / R).
            var varianceError = Math.Sqrt((c + 2 * c * c) / replicates);
            Assert.InRange(variance, c - 5 * varianceError, c + 5 * varianceError);
        }
    }

    [Fact]
    public void the_same_seed_draws_the_same_intervals_and_another_seed_other_ones()
    {
        var tuples = Tuples(People(400, seed: 7));

        var first = PsmBootstrap.Run(tuples, 100, seed: 42);
        var again = PsmBootstrap.Run(tuples, 100, seed: 42);
        var other = PsmBootstrap.Run(tuples, 100, seed: 43);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(PsmBootstrap.SeedFor(1234), PsmBootstrap.SeedFor(1234));
        Assert.NotEqual(PsmBootstrap.SeedFor(1234), PsmBootstrap.SeedFor(1235));
    }

    [Fact]
    public void intervals_contain_the_point_estimates_and_narrow_as_the_sample_grows()
    {
        var small = People(300, seed: 1);
        var large = People(20_000, seed: 2);

        var smallIntervals = PsmBootstrap.Run(Tuples(small), 200, seed: 9);
        var largeIntervals = PsmBootstrap.Run(Tuples(large), 200, seed: 9);

        foreach (var (people, intervals) in new[] { (small, smallIntervals), (large, largeIntervals) })
        {
            var analysis = Analysis(people);
            AssertContains(intervals.Opp, analysis.Opp);
            AssertContains(intervals.Idp, analysis.Idp);
            AssertContains(intervals.Pmc, analysis.Pmc);
            AssertContains(intervals.Pme, analysis.Pme);
            AssertContains(intervals.NarrowPmc, analysis.Narrow.Pmc);
            AssertContains(intervals.NarrowPme, analysis.Narrow.Pme);
            AssertContains(intervals.NmsTrialOptimal, analysis.Nms!.TrialOptimal);
            AssertContains(intervals.NmsRevenueOptimal, analysis.Nms.RevenueOptimal);
        }
        Assert.True(Width(largeIntervals.NmsRevenueOptimal) < Width(smallIntervals.NmsRevenueOptimal) / 3,
            "the NMS revenue optimum's interval does not narrow like 1/√n");
        Assert.True(Width(largeIntervals.Opp) < Width(smallIntervals.Opp) / 3, "OPP's interval does not narrow like 1/√n");
        Assert.True(Width(largeIntervals.Idp) < Width(smallIntervals.Idp) / 3, "IDP's interval does not narrow like 1/√n");
        Assert.True(Width(largeIntervals.Pmc) < Width(smallIntervals.Pmc) / 3, "PMC's interval does not narrow like 1/√n");
        Assert.True(Width(largeIntervals.Pme) < Width(smallIntervals.Pme) / 3, "PME's interval does not narrow like 1/√n");
        Assert.Equal(200, largeIntervals.Opp!.Replicates);
    }

    [Fact]
    public void no_replicates_or_nobody_give_no_intervals()
    {
        var none = PsmBootstrap.Run(Tuples(People(50, seed: 4)), 0, seed: 1);
        var nobody = PsmBootstrap.Run(new PsmTuples(Grid), 20, seed: 1);

        var noLikelihoods = PsmBootstrap.Run(Tuples(People(50, seed: 4).Select(a => a with { LikelihoodAtCheap = null, LikelihoodAtExpensive = null })), 20, seed: 1);

        Assert.Null(none.Opp);
        Assert.Null(none.NmsTrialOptimal);
        Assert.Null(nobody.Idp);
        Assert.NotNull(noLikelihoods.Opp);
        Assert.Null(noLikelihoods.NmsTrialOptimal);
        Assert.Null(noLikelihoods.NmsRevenueOptimal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PsmBootstrap.Run(new PsmTuples(Grid), PsmBootstrap.MaxReplicates + 1, seed: 1));
    }

    private static void AssertContains(PsmInterval? interval, double? point)
    {
        Assert.NotNull(interval);
        Assert.NotNull(point);
        Assert.InRange(point.Value, interval.Low, interval.High);
    }

    private static double Width(PsmInterval? interval) => interval!.High - interval.Low;
}
