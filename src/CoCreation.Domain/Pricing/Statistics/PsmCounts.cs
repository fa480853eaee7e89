namespace CoCreation.Pricing.Statistics;

/// <summary>
/// Running counts of current PSM answers: one <see cref="PriceCounts"/> per question, and for the
/// Newton–Miller–Smith trial curve the slope changes of the sum of everyone's piecewise-linear
/// purchase probability (0 at too cheap, calibrated likelihoods at cheap and expensive, 0 at too
/// expensive). Adding or removing an answer touches eight counters and four slope changes.
/// </summary>
public sealed class PsmCounts(PriceGrid grid)
{
    private readonly double[] _slopeChange = new double[grid.Points];

    public PriceGrid Grid { get; } = grid;

    public PriceCounts TooCheap { get; } = new(grid);

    public PriceCounts Cheap { get; } = new(grid);

    public PriceCounts Expensive { get; } = new(grid);

    public PriceCounts TooExpensive { get; } = new(grid);

    /// <summary>Answers that carry both likelihoods.</summary>
    public long WithLikelihoods { get; private set; }

    public long Count => Cheap.Count;

    public void Add(PsmAnswer answer) => Change(answer, +1);

    public void Remove(PsmAnswer answer) => Change(answer, -1);

    private void Change(PsmAnswer answer, int sign)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.IsOrdered) throw new ArgumentException("PSM answers must satisfy tooCheap < cheap < expensive < tooExpensive", nameof(answer));
        if (sign > 0)
        {
            TooCheap.Add(answer.TooCheap);
            Cheap.Add(answer.Cheap);
            Expensive.Add(answer.Expensive);
            TooExpensive.Add(answer.TooExpensive);
        }
        else
        {
            TooCheap.Remove(answer.TooCheap);
            Cheap.Remove(answer.Cheap);
            Expensive.Remove(answer.Expensive);
            TooExpensive.Remove(answer.TooExpensive);
        }

        if (!answer.HasLikelihoods) return;
        WithLikelihoods += sign;
        NmsSlopes.Add(
            _slopeChange, Grid.IndexOf(answer.TooCheap), Grid.IndexOf(answer.Cheap), Grid.IndexOf(answer.Expensive), Grid.IndexOf(answer.TooExpensive),
            PsmAnswer.Calibrate(answer.LikelihoodAtCheap!.Value), PsmAnswer.Calibrate(answer.LikelihoodAtExpensive!.Value), sign);
    }

    /// <summary>Σ over answers with likelihoods of their purchase probability at every grid point.</summary>
    internal double[] TrialSums() => NmsSlopes.TrialSums(_slopeChange);
}
