namespace CoCreation.Pricing.Statistics;

/// <summary>The prices an item accepts: <c>min, min + step, …, max</c>. Answers are counted per grid point.</summary>
public sealed record PriceGrid
{
    /// <summary>The most grid points an item may have; bounds the memory of its statistics.</summary>
    public const int MaxPoints = 1_000_000;

    public PriceGrid(long min, long max, long step)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), "step must be positive");
        if (max <= min) throw new ArgumentOutOfRangeException(nameof(max), "max must exceed min");
        if ((max - min) % step != 0) throw new ArgumentException("max - min must be a multiple of step", nameof(max));
        if ((max - min) / step + 1 > MaxPoints) throw new ArgumentException($"a grid has at most {MaxPoints:N0} points", nameof(step));
        Min = min;
        Max = max;
        Step = step;
    }

    public long Min { get; }

    public long Max { get; }

    public long Step { get; }

    public int Points => (int)((Max - Min) / Step) + 1;

    public bool Contains(long price) => price >= Min && price <= Max && (price - Min) % Step == 0;

    public int IndexOf(long price) =>
        Contains(price) ? (int)((price - Min) / Step) : throw new ArgumentOutOfRangeException(nameof(price), $"{price} is not on the grid");

    public long PriceAt(int index) => Min + index * Step;
}
