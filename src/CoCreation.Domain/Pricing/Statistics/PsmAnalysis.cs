namespace CoCreation.Pricing.Statistics;

/// <summary>Van Westendorp price sensitivity (and its Newton–Miller–Smith extension) read from <see cref="PsmCounts"/>.</summary>
public sealed record PsmAnalysis(
    double? Opp,
    double? Idp,
    double? Pmc,
    double? Pme,
    PsmRange Narrow,
    IReadOnlyList<PsmCurvePoint> Curves,
    PsmNms? Nms)
{
    public const int DefaultCurvePoints = 200;

    /// <summary>
    /// The four cumulative curves on the grid (too cheap and cheap: share answering at or above the
    /// price; expensive and too expensive: share at or below), and their crossings by linear
    /// interpolation between grid points: OPP = too cheap × too expensive, IDP = cheap × expensive,
    /// PMC = too cheap × not cheap, PME = too expensive × not expensive; the narrow range uses too
    /// cheap × expensive and too expensive × cheap. Curves are reported over the answered range,
    /// thinned to at most <paramref name="curvePoints"/> points.
    /// </summary>
    public static PsmAnalysis? Compute(PsmCounts counts, int curvePoints = DefaultCurvePoints)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var n = counts.Count;
        if (n == 0) return null;
        var grid = counts.Grid;
        var shares = PsmShares.From(counts.TooCheap.ToArray(), counts.Cheap.ToArray(), counts.Expensive.ToArray(), counts.TooExpensive.ToArray(), n);
        var (tooCheap, cheap, expensive, tooExpensive) = (shares.TooCheap, shares.Cheap, shares.Expensive, shares.TooExpensive);

        var first = grid.IndexOf(new OrderView(counts.TooCheap).OrderStatistic(0));
        var last = grid.IndexOf(new OrderView(counts.TooExpensive).OrderStatistic(counts.TooExpensive.Count - 1));
        var stride = Math.Max(1, (last - first + curvePoints - 1) / Math.Max(1, curvePoints - 1));
        var curves = new List<PsmCurvePoint>();
        for (var k = first; k <= last; k += stride) curves.Add(new(grid.PriceAt(k), tooCheap[k], cheap[k], expensive[k], tooExpensive[k]));
        if (curves[^1].Price != grid.PriceAt(last)) curves.Add(new(grid.PriceAt(last), tooCheap[last], cheap[last], expensive[last], tooExpensive[last]));

        var points = shares.Points(grid);
        return new PsmAnalysis(points.Opp, points.Idp, points.Pmc, points.Pme, points.Narrow, curves, NewtonMillerSmith(counts));
    }

    private static PsmNms? NewtonMillerSmith(PsmCounts counts) =>
        counts.WithLikelihoods == 0 ? null : PsmNms.From(counts.Grid, counts.TrialSums(), counts.WithLikelihoods);

    /// <summary>
    /// Where a falling curve meets a rising one: the first grid interval on which falling − rising goes
    /// from positive to non-positive, interpolated linearly. Null when they never meet on the grid.
    /// </summary>
    internal static double? Crossing(PriceGrid grid, double[] falling, double[] rising)
    {
        var previous = falling[0] - rising[0];
        if (previous <= 0) return previous == 0 ? grid.PriceAt(0) : null;
        for (var k = 1; k < falling.Length; k++)
        {
            var difference = falling[k] - rising[k];
            if (difference > 0)
            {
                previous = difference;
                continue;
            }
            var fraction = previous / (previous - difference);
            return grid.PriceAt(k - 1) + fraction * grid.Step;
        }
        return null;
    }
}

public sealed record PsmRange(double? Pmc, double? Pme);

/// <summary>The Van Westendorp points alone: OPP, IDP, PMC, PME and the narrow range (null where two curves never cross).</summary>
public sealed record PsmPoints(double? Opp, double? Idp, double? Pmc, double? Pme, PsmRange Narrow);

/// <summary>
/// The four cumulative curves on every grid point, from per-point answer counts out of <c>n</c> answers (people,
/// or bootstrap weights): too cheap and cheap as the share at or above the price, expensive and too expensive at or below.
/// </summary>
internal sealed record PsmShares(double[] TooCheap, double[] Cheap, double[] Expensive, double[] TooExpensive)
{
    public static PsmShares From(int[] tooCheap, int[] cheap, int[] expensive, int[] tooExpensive, long n) =>
        new(AtOrAbove(tooCheap, n), AtOrAbove(cheap, n), AtOrBelow(expensive, n), AtOrBelow(tooExpensive, n));

    /// <summary>
    /// OPP = too cheap × too expensive, IDP = cheap × expensive, PMC = too cheap × not cheap, PME = not expensive ×
    /// too expensive; the narrow range uses too cheap × expensive and cheap × too expensive.
    /// </summary>
    public PsmPoints Points(PriceGrid grid)
    {
        var notCheap = Array.ConvertAll(Cheap, v => 1 - v);
        var notExpensive = Array.ConvertAll(Expensive, v => 1 - v);
        return new PsmPoints(
            PsmAnalysis.Crossing(grid, TooCheap, TooExpensive),
            PsmAnalysis.Crossing(grid, Cheap, Expensive),
            PsmAnalysis.Crossing(grid, TooCheap, notCheap),
            PsmAnalysis.Crossing(grid, notExpensive, TooExpensive),
            new PsmRange(PsmAnalysis.Crossing(grid, TooCheap, Expensive), PsmAnalysis.Crossing(grid, Cheap, TooExpensive)));
    }

    private static double[] AtOrAbove(int[] counts, long n)
    {
        var shares = new double[counts.Length];
        long above = 0;
        for (var k = shares.Length - 1; k >= 0; k--)
        {
            above += counts[k];
            shares[k] = (double)above / n;
        }
        return shares;
    }

    private static double[] AtOrBelow(int[] counts, long n)
    {
        var shares = new double[counts.Length];
        long below = 0;
        for (var k = 0; k < shares.Length; k++)
        {
            below += counts[k];
            shares[k] = (double)below / n;
        }
        return shares;
    }
}

public sealed record PsmCurvePoint(long Price, double TooCheap, double Cheap, double Expensive, double TooExpensive);

/// <summary>Newton–Miller–Smith: the price maximising expected trial, and the one maximising expected revenue (price × trial).</summary>
public sealed record PsmNms(long TrialOptimal, long RevenueOptimal, double TrialAtOptimum)
{
    /// <summary>The optima of a trial curve (Σ of purchase probabilities at every grid point) over <paramref name="people"/> people (or weights).</summary>
    internal static PsmNms From(PriceGrid grid, double[] trial, double people)
    {
        var revenue = new double[trial.Length];
        for (var k = 0; k < trial.Length; k++) revenue[k] = trial[k] * grid.PriceAt(k);
        var trialBest = LowestNearMaximum(trial);
        return new PsmNms(grid.PriceAt(trialBest), grid.PriceAt(LowestNearMaximum(revenue)), trial[trialBest] / people);
    }

    /// <summary>
    /// The first index whose value is within a relative 1e-9 of the maximum. Equal likelihoods give the trial
    /// curve a flat top, where floating-point noise from adding and removing answers would otherwise pick an
    /// arbitrary point (and differ between a node that replayed the log and one restored from a snapshot).
    /// </summary>
    private static int LowestNearMaximum(double[] values)
    {
        var max = values.Max();
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(max));
        return Array.FindIndex(values, v => v >= max - tolerance);
    }
}

/// <summary>
/// The Newton–Miller–Smith trial curve kept as slope changes: a person's purchase probability is piecewise linear (0 at
/// too cheap, the calibrated likelihoods at cheap and expensive, 0 at too expensive), so adding a person (or a weight of
/// people) changes the slope at four grid points, and one pass adds the curve up.
/// </summary>
internal static class NmsSlopes
{
    /// <param name="atCheap">Calibrated purchase probability at the cheap price.</param>
    /// <param name="atExpensive">Calibrated purchase probability at the expensive price.</param>
    /// <param name="weight">People with this answer: 1 or −1 for a count, a bootstrap weight for a replicate.</param>
    public static void Add(double[] slopeChange, int tooCheap, int cheap, int expensive, int tooExpensive, double atCheap, double atExpensive, double weight)
    {
        var rise = atCheap / (cheap - tooCheap);
        var middle = (atExpensive - atCheap) / (expensive - cheap);
        var fall = -atExpensive / (tooExpensive - expensive);
        slopeChange[tooCheap] += weight * rise;
        slopeChange[cheap] += weight * (middle - rise);
        slopeChange[expensive] += weight * (fall - middle);
        slopeChange[tooExpensive] += weight * -fall;
    }

    /// <summary>Σ of the purchase probabilities at every grid point.</summary>
    public static double[] TrialSums(double[] slopeChange)
    {
        var sums = new double[slopeChange.Length];
        double slope = 0, value = 0;
        for (var k = 0; k < slopeChange.Length; k++)
        {
            sums[k] = Math.Max(0, value);
            slope += slopeChange[k];
            value += slope;
        }
        return sums;
    }
}
