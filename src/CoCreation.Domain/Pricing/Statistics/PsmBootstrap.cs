using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace CoCreation.Pricing.Statistics;

/// <summary>
/// People's PSM answers grouped by their four prices (grid indexes) and purchase likelihoods, with how many people gave
/// each: the bootstrap resamples people, and people with the same answer are interchangeable, so it only needs the
/// distinct answers and their counts. Memory is O(distinct answers), at most the number of people.
/// </summary>
public sealed class PsmTuples(PriceGrid grid)
{
    private readonly Dictionary<PsmTuple, int> _index = [];
    private readonly List<PsmTuple> _tuples = [];
    private readonly List<int> _counts = [];

    public PriceGrid Grid { get; } = grid;

    /// <summary>People counted.</summary>
    public long Count { get; private set; }

    /// <summary>Distinct answers.</summary>
    public int Distinct => _tuples.Count;

    /// <summary>The distinct answers, in order of first appearance.</summary>
    public IEnumerable<PsmAnswer> Answers => _tuples.Select(t => new PsmAnswer(
        Grid.PriceAt(t.TooCheap), Grid.PriceAt(t.Cheap), Grid.PriceAt(t.Expensive), Grid.PriceAt(t.TooExpensive),
        t.LikelihoodAtCheap == 0 ? null : t.LikelihoodAtCheap, t.LikelihoodAtExpensive == 0 ? null : t.LikelihoodAtExpensive));

    /// <summary>How many people gave each of <see cref="Answers"/>.</summary>
    public IReadOnlyList<int> Counts => _counts;

    public void Add(PsmAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.IsOrdered) throw new ArgumentException("PSM answers must satisfy tooCheap < cheap < expensive < tooExpensive", nameof(answer));
        // Likelihoods count only in pairs (as in PsmCounts); 0 stands for none.
        var key = new PsmTuple(
            Grid.IndexOf(answer.TooCheap), Grid.IndexOf(answer.Cheap), Grid.IndexOf(answer.Expensive), Grid.IndexOf(answer.TooExpensive),
            answer.HasLikelihoods ? answer.LikelihoodAtCheap!.Value : 0, answer.HasLikelihoods ? answer.LikelihoodAtExpensive!.Value : 0);
        if (_index.TryGetValue(key, out var i))
        {
            _counts[i]++;
        }
        else
        {
            _index[key] = _tuples.Count;
            _tuples.Add(key);
            _counts.Add(1);
        }
        Count++;
    }

    internal PsmTuple TupleAt(int i) => _tuples[i];
}

/// <summary>A distinct PSM answer as grid indexes, with its likelihoods (0 for none).</summary>
internal readonly record struct PsmTuple(int TooCheap, int Cheap, int Expensive, int TooExpensive, int LikelihoodAtCheap, int LikelihoodAtExpensive)
{
    public bool HasLikelihoods => LikelihoodAtCheap != 0;
}

/// <summary>One bootstrap replicate: the weight drawn for each distinct answer, and the points of the weighted sample.</summary>
/// <param name="Weights">How many times each of <see cref="PsmTuples.Answers"/> is in the resample, in that order.</param>
/// <param name="Points">The points of the resample; null when it drew nobody.</param>
/// <param name="Nms">The Newton–Miller–Smith optima of the resample; null when it drew nobody with likelihoods.</param>
public sealed record PsmReplicate(int[] Weights, PsmPoints? Points, PsmNms? Nms);

/// <summary>A 95% percentile interval, and how many replicates had the point at all (two curves may not cross in some).</summary>
public sealed record PsmInterval(double Low, double High, int Replicates);

/// <summary>
/// Bootstrap intervals of the Van Westendorp points and the Newton–Miller–Smith optima; an interval is null when no
/// replicate had the point (for the optima: drew nobody who gave likelihoods).
/// </summary>
public sealed record PsmPointIntervals(
    int Replicates, int Seed, PsmInterval? Opp, PsmInterval? Idp, PsmInterval? Pmc, PsmInterval? Pme, PsmInterval? NarrowPmc, PsmInterval? NarrowPme,
    PsmInterval? NmsTrialOptimal = null, PsmInterval? NmsRevenueOptimal = null);

/// <summary>
/// Percentile bootstrap of OPP, IDP, PMC, PME, the narrow range and the Newton–Miller–Smith optima, resampling people.
/// </summary>
/// <remarks>
/// A Poisson bootstrap: each person's weight in a replicate is an independent Poisson(1) draw (how many times the
/// person is in the resample), so a distinct answer given by c people gets a Poisson(c) weight, one draw per distinct
/// answer (see <see cref="PoissonTables"/>). A replicate costs O(distinct answers + grid points), whatever the number
/// of people: 200 replicates over 343,000 distinct answers (660,883 people, 70% with likelihoods, so the NMS optima too)
/// took 1.8 s on the 2-core reference machine (1.6 s without likelihoods). The resample size
/// varies around n (which the classic multinomial bootstrap fixes); for the shares the points are read from this
/// makes no difference to first order, and it lets replicates be drawn without materialising anyone.
/// </remarks>
public static class PsmBootstrap
{
    public const int DefaultReplicates = 200;
    public const int MaxReplicates = 2_000;

    /// <summary>A seed for the log position <paramref name="sequence"/>, so the same export always draws the same replicates.</summary>
    public static int SeedFor(long sequence)
    {
        // The SplitMix64 finaliser: neighbouring positions get unrelated seeds.
        var z = unchecked((ulong)sequence + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }

    /// <summary>The 2.5% and 97.5% percentiles (Hyndman–Fan type 7) of each point over <paramref name="replicates"/> replicates.</summary>
    public static PsmPointIntervals Run(PsmTuples tuples, int replicates, int seed)
    {
        ArgumentNullException.ThrowIfNull(tuples);
        ArgumentOutOfRangeException.ThrowIfNegative(replicates);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicates, MaxReplicates);
        var estimates = new List<PsmPoints>(replicates);
        var optima = new List<PsmNms>(replicates);
        foreach (var replicate in Draw(tuples, replicates, seed, keepWeights: false))
        {
            if (replicate.Points is { } points) estimates.Add(points);
            if (replicate.Nms is { } nms) optima.Add(nms);
        }
        return new PsmPointIntervals(
            replicates, seed,
            Interval(estimates, p => p.Opp), Interval(estimates, p => p.Idp), Interval(estimates, p => p.Pmc), Interval(estimates, p => p.Pme),
            Interval(estimates, p => p.Narrow.Pmc), Interval(estimates, p => p.Narrow.Pme),
            Interval(optima, o => o.TrialOptimal), Interval(optima, o => o.RevenueOptimal));
    }

    /// <summary>The replicates, drawn lazily from a generator seeded with <paramref name="seed"/>.</summary>
    public static IEnumerable<PsmReplicate> Replicates(PsmTuples tuples, int replicates, int seed)
    {
        ArgumentNullException.ThrowIfNull(tuples);
        return Draw(tuples, replicates, seed, keepWeights: true);
    }

    /// <param name="keepWeights">
    /// Give each replicate its own weights array; otherwise one buffer is reused (2,000 replicates over a million
    /// distinct answers would otherwise allocate 8 GB).
    /// </param>
    private static IEnumerable<PsmReplicate> Draw(PsmTuples tuples, int replicates, int seed, bool keepWeights)
    {
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var grid = tuples.Grid;
        var tooCheap = new int[grid.Points];
        var cheap = new int[grid.Points];
        var expensive = new int[grid.Points];
        var tooExpensive = new int[grid.Points];
        var shared = keepWeights ? [] : new int[tuples.Distinct];
        var uniforms = new double[tuples.Distinct];
        var tables = PoissonTables.For(tuples.Counts);
        var slopes = new double[grid.Points];
        var calibrated = Enumerable.Range(0, tuples.Distinct).Select(i => tuples.TupleAt(i) is { HasLikelihoods: true } t
            ? (Cheap: PsmAnswer.Calibrate(t.LikelihoodAtCheap), Expensive: PsmAnswer.Calibrate(t.LikelihoodAtExpensive))
            : (Cheap: 0.0, Expensive: 0.0)).ToArray();
        for (var r = 0; r < replicates; r++)
        {
            Array.Clear(tooCheap);
            Array.Clear(cheap);
            Array.Clear(expensive);
            Array.Clear(tooExpensive);
            Array.Clear(slopes);
            var weights = keepWeights ? new int[tuples.Distinct] : shared;
            // One bulk fill: a uniform per draw, without a virtual call and a check per number.
            random.NextDoubles(uniforms);
            long n = 0, withLikelihoods = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                var w = weights[i] = tables[i] is { } cdf ? PoissonTables.Invert(cdf, uniforms[i]) : Poisson.Sample(random, tuples.Counts[i]);
                if (w == 0) continue;
                var t = tuples.TupleAt(i);
                tooCheap[t.TooCheap] += w;
                cheap[t.Cheap] += w;
                expensive[t.Expensive] += w;
                tooExpensive[t.TooExpensive] += w;
                n += w;
                if (!t.HasLikelihoods) continue;
                NmsSlopes.Add(slopes, t.TooCheap, t.Cheap, t.Expensive, t.TooExpensive, calibrated[i].Cheap, calibrated[i].Expensive, w);
                withLikelihoods += w;
            }
            yield return new PsmReplicate(
                weights,
                n == 0 ? null : PsmShares.From(tooCheap, cheap, expensive, tooExpensive, n).Points(grid),
                withLikelihoods == 0 ? null : PsmNms.From(grid, NmsSlopes.TrialSums(slopes), withLikelihoods));
        }
    }

    private static PsmInterval? Interval<T>(List<T> estimates, Func<T, double?> point)
    {
        var values = estimates.Select(point).OfType<double>().ToArray();
        if (values.Length == 0) return null;
        return new PsmInterval(
            values.QuantileCustom(0.025, QuantileDefinition.R7), values.QuantileCustom(0.975, QuantileDefinition.R7), values.Length);
    }
}

/// <summary>
/// Poisson(c) draws by inverting MathNet's cumulative distribution, tabulated once per count: one uniform and about
/// c + 1 comparisons per draw, against MathNet's per-draw sampler (several uniforms and an exponential), which made
/// the replicates four times slower. Counts from <see cref="TableLimit"/> on are rare (that many people giving the
/// very same four prices) and are drawn by MathNet's sampler.
/// </summary>
internal static class PoissonTables
{
    public const int TableLimit = 64;

    /// <summary>The table of each count (the same array for equal counts), or null for counts drawn by the sampler.</summary>
    public static double[]?[] For(IReadOnlyList<int> counts)
    {
        var byCount = new Dictionary<int, double[]>();
        var tables = new double[]?[counts.Count];
        for (var i = 0; i < counts.Count; i++)
        {
            var c = counts[i];
            if (c >= TableLimit) continue;
            if (!byCount.TryGetValue(c, out var table)) byCount[c] = table = Tabulate(c);
            tables[i] = table;
        }
        return tables;
    }

    /// <summary>The smallest k with P(X ≤ k) ≥ u.</summary>
    public static int Invert(double[] cdf, double u)
    {
        var k = 0;
        while (k < cdf.Length - 1 && u > cdf[k]) k++;
        return k;
    }

    private static double[] Tabulate(int c)
    {
        var poisson = new Poisson(c);
        var cdf = new List<double>();
        // Up to where the remaining tail is below double precision; the last entry catches whatever is left.
        for (var k = 0; cdf.Count == 0 || cdf[^1] < 1 - 1e-15; k++) cdf.Add(poisson.CumulativeDistribution(k));
        cdf[^1] = 1;
        return [.. cdf];
    }
}
