using CoCreation.Pricing.Statistics;

namespace CoCreation.Domain.Tests.Pricing;

public sealed class PsmAnalysisTests
{
    private static readonly PriceGrid Grid = new(0, 100, 10);

    [Fact]
    public void a_hand_checked_set_gives_the_textbook_points()
    {
        // too cheap ≥ p: 1, 1, .75, .25, 0 at 0..40; cheap ≥ p: 1, .75, .5, .25, 0 at 20..60;
        // expensive ≤ p: .25, .5, .75, 1 at 40..70; too expensive ≤ p: .25, .5, .75, 1 at 60..90.
        var counts = new PsmCounts(Grid);
        counts.Add(new PsmAnswer(10, 20, 40, 60));
        counts.Add(new PsmAnswer(20, 30, 50, 70));
        counts.Add(new PsmAnswer(20, 40, 60, 80));
        counts.Add(new PsmAnswer(30, 50, 70, 90));

        var psm = PsmAnalysis.Compute(counts)!;

        Assert.Equal(40, psm.Opp);   // too cheap reaches 0 where too expensive is still 0
        Assert.Equal(45, psm.Idp);   // cheap .5 → .25, expensive .25 → .5 between 40 and 50
        Assert.Equal(30, psm.Pmc);   // too cheap .25 = not cheap .25 at 30
        Assert.Equal(60, psm.Pme);   // not expensive .25 = too expensive .25 at 60
        Assert.Equal(35, psm.Narrow.Pmc);
        Assert.Equal(55, psm.Narrow.Pme);
        Assert.Null(psm.Nms);
        Assert.Equal(10, psm.Curves[0].Price);
        Assert.Equal(90, psm.Curves[^1].Price);
    }

    [Fact]
    public void newton_miller_smith_interpolates_each_persons_likelihoods()
    {
        var counts = new PsmCounts(Grid);
        // trial: 0 at 10, .7 at 20, .5 at 30, .3 at 40, .15 at 50, 0 at 60; revenue peaks at 30 (15 > 14).
        counts.Add(new PsmAnswer(10, 20, 40, 60, LikelihoodAtCheap: 5, LikelihoodAtExpensive: 3));

        var nms = PsmAnalysis.Compute(counts)!.Nms!;

        Assert.Equal(20, nms.TrialOptimal);
        Assert.Equal(30, nms.RevenueOptimal);
        Assert.Equal(0.7, nms.TrialAtOptimum, 12);
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(2_000, 2)]
    public void curves_points_and_trial_match_a_brute_force_recount_after_replacements(int people, int seed)
    {
        var grid = new PriceGrid(50_000, 400_000, 1_000);
        var random = new Random(seed);
        var counts = new PsmCounts(grid);
        var current = new Dictionary<int, PsmAnswer>();
        for (var i = 0; i < people * 3; i++)
        {
            var person = random.Next(people);
            var answer = RandomAnswer(random);
            if (current.Remove(person, out var previous)) counts.Remove(previous);
            counts.Add(answer);
            current[person] = answer;
        }

        var psm = PsmAnalysis.Compute(counts, curvePoints: 10_000)!;

        var answers = current.Values.ToList();
        double n = answers.Count;
        foreach (var point in psm.Curves)
        {
            Assert.Equal(answers.Count(a => a.TooCheap >= point.Price) / n, point.TooCheap, 12);
            Assert.Equal(answers.Count(a => a.Cheap >= point.Price) / n, point.Cheap, 12);
            Assert.Equal(answers.Count(a => a.Expensive <= point.Price) / n, point.Expensive, 12);
            Assert.Equal(answers.Count(a => a.TooExpensive <= point.Price) / n, point.TooExpensive, 12);
        }

        double Share(Func<PsmAnswer, bool> f) => answers.Count(f) / n;
        var idp = BruteCrossing(grid, p => Share(a => a.Cheap >= p), p => Share(a => a.Expensive <= p));
        var opp = BruteCrossing(grid, p => Share(a => a.TooCheap >= p), p => Share(a => a.TooExpensive <= p));
        Assert.Equal(idp!.Value, psm.Idp!.Value, 6);
        Assert.Equal(opp!.Value, psm.Opp!.Value, 6);

        var withLikelihoods = answers.Where(a => a.HasLikelihoods).ToList();
        double Trial(long p) => withLikelihoods.Sum(a => PsmByHand.Probability(a, p));
        var prices = Enumerable.Range(0, grid.Points).Select(grid.PriceAt).ToList();
        var bestTrial = prices.OrderByDescending(Trial).ThenBy(p => p).First();
        var bestRevenue = prices.OrderByDescending(p => p * Trial(p)).ThenBy(p => p).First();
        Assert.Equal(Trial(bestTrial) / withLikelihoods.Count, psm.Nms!.TrialAtOptimum, 9);
        Assert.Equal(Trial(bestTrial), Trial(psm.Nms.TrialOptimal), 6);
        Assert.Equal(bestRevenue * Trial(bestRevenue), psm.Nms.RevenueOptimal * Trial(psm.Nms.RevenueOptimal), 3);
    }

    [Fact]
    public void a_flat_topped_trial_curve_puts_the_optimum_at_its_lowest_price_whatever_was_added_and_removed()
    {
        // Equal likelihoods at cheap and expensive: the trial curve is flat from 20 to 40.
        var counts = new PsmCounts(Grid);
        var flat = new PsmAnswer(10, 20, 40, 60, LikelihoodAtCheap: 4, LikelihoodAtExpensive: 4);
        counts.Add(flat);
        var noise = Enumerable.Range(0, 200).Select(i => new PsmAnswer(0, 10 + i % 3 * 10, 70, 70 + 10 * (1 + i % 3), 1 + i % 5, 1 + (i * 7) % 5)).ToList();
        foreach (var answer in noise) counts.Add(answer);
        foreach (var answer in noise) counts.Remove(answer);

        var nms = PsmAnalysis.Compute(counts)!.Nms!;

        Assert.Equal(20, nms.TrialOptimal);
        Assert.Equal(40, nms.RevenueOptimal);  // 40 × 0.5 beats 20 × 0.5 and 50 × 0.25
    }

    [Fact]
    public void unordered_answers_are_refused() =>
        Assert.Throws<ArgumentException>(() => new PsmCounts(Grid).Add(new PsmAnswer(30, 20, 40, 60)));

    private static double? BruteCrossing(PriceGrid grid, Func<long, double> falling, Func<long, double> rising)
    {
        for (var k = 1; k < grid.Points; k++)
        {
            double before = falling(grid.PriceAt(k - 1)) - rising(grid.PriceAt(k - 1)), after = falling(grid.PriceAt(k)) - rising(grid.PriceAt(k));
            if (before > 0 && after <= 0) return grid.PriceAt(k - 1) + before / (before - after) * grid.Step;
        }
        return null;
    }

    private static PsmAnswer RandomAnswer(Random random)
    {
        var cheap = 150_000 + random.Next(-40, 40) * 1_000L;
        var tooCheap = cheap - random.Next(1, 60) * 1_000L;
        var expensive = cheap + random.Next(1, 80) * 1_000L;
        var tooExpensive = expensive + random.Next(1, 80) * 1_000L;
        return random.Next(4) == 0
            ? new PsmAnswer(tooCheap, cheap, expensive, tooExpensive)
            : new PsmAnswer(tooCheap, cheap, expensive, tooExpensive, random.Next(1, 6), random.Next(1, 6));
    }
}
