namespace CoCreation.Pricing.Statistics;

/// <summary>
/// Exact counts of current answers per grid point, plus running sums for the moments. Adding or
/// removing an answer is O(1); memory is one counter per grid point whatever the number of answers;
/// every statistic is read from the counts in O(grid points), never from the answers.
/// </summary>
/// <remarks>Not thread-safe: the owner serialises writes and reads.</remarks>
public sealed class PriceCounts(PriceGrid grid)
{
    private readonly int[] _counts = new int[grid.Points];
    private Int128 _sum;
    private Int128 _sumOfSquares;

    public PriceGrid Grid { get; } = grid;

    public long Count { get; private set; }

    /// <summary>Σx over the answers, exact.</summary>
    public Int128 Sum => _sum;

    /// <summary>Σx² over the answers, exact.</summary>
    public Int128 SumOfSquares => _sumOfSquares;

    public int CountAt(int index) => _counts[index];

    public void Add(long price) => Change(price, +1);

    public void Remove(long price)
    {
        if (_counts[Grid.IndexOf(price)] == 0) throw new InvalidOperationException($"no answer at {price} to remove");
        Change(price, -1);
    }

    private void Change(long price, int delta)
    {
        _counts[Grid.IndexOf(price)] += delta;
        Count += delta;
        _sum += (Int128)price * delta;
        _sumOfSquares += (Int128)price * price * delta;
    }

    /// <summary>The k-th smallest answer, 0-based.</summary>
    public long OrderStatistic(long k)
    {
        if (k < 0 || k >= Count) throw new ArgumentOutOfRangeException(nameof(k));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > k) return Grid.PriceAt(i);
        }
        throw new InvalidOperationException("counts are inconsistent");
    }

    /// <summary>Copies the counts (for snapshots).</summary>
    public int[] ToArray() => (int[])_counts.Clone();

    /// <summary>Rebuilds counts from a snapshot taken with <see cref="ToArray"/>.</summary>
    public static PriceCounts FromArray(PriceGrid grid, int[] counts)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length != grid.Points) throw new ArgumentException("counts do not match the grid", nameof(counts));
        var result = new PriceCounts(grid);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 0) throw new ArgumentException("negative count", nameof(counts));
            if (counts[i] == 0) continue;
            var price = grid.PriceAt(i);
            result._counts[i] = counts[i];
            result.Count += counts[i];
            result._sum += (Int128)price * counts[i];
            result._sumOfSquares += (Int128)price * price * counts[i];
        }
        return result;
    }
}
