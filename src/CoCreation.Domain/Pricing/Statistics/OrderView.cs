namespace CoCreation.Pricing.Statistics;

/// <summary>Cumulative counts and sums over a <see cref="PriceCounts"/>, for rank queries in O(log grid points).</summary>
internal sealed class OrderView
{
    private readonly PriceCounts _counts;
    private readonly PriceGrid _grid;
    private readonly long[] _below;        // answers below grid point i
    private readonly Int128[] _sumBelow;   // sum of answers below grid point i

    public OrderView(PriceCounts counts)
    {
        _counts = counts;
        _grid = counts.Grid;
        var points = _grid.Points;
        _below = new long[points + 1];
        _sumBelow = new Int128[points + 1];
        for (var i = 0; i < points; i++)
        {
            var c = counts.CountAt(i);
            _below[i + 1] = _below[i] + c;
            _sumBelow[i + 1] = _sumBelow[i] + (Int128)c * _grid.PriceAt(i);
        }
    }

    private long N => _below[^1];

    /// <summary>The grid index holding the k-th smallest answer (0-based).</summary>
    private int IndexOfRank(long k)
    {
        // First i with _below[i + 1] > k.
        int lo = 0, hi = _grid.Points - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_below[mid + 1] > k) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    public long OrderStatistic(long k) => _grid.PriceAt(IndexOfRank(k));

    /// <summary>Hyndman–Fan type 7: h = (n − 1)p, interpolate between the order statistics around h.</summary>
    public double Quantile(double p)
    {
        var h = (N - 1) * p;
        var lo = (long)Math.Floor(h);
        var below = OrderStatistic(lo);
        if (lo + 1 >= N) return below;
        var above = OrderStatistic(lo + 1);
        return below + (h - lo) * (above - below);
    }

    /// <summary>The sum of the k smallest answers.</summary>
    public Int128 SumOfSmallest(long k)
    {
        if (k <= 0) return 0;
        var i = IndexOfRank(k - 1);
        return _sumBelow[i] + (Int128)(k - _below[i]) * _grid.PriceAt(i);
    }

    /// <summary>Answers strictly below <paramref name="price"/>.</summary>
    public long CountBelow(double price)
    {
        var index = (int)Math.Clamp(Math.Ceiling((price - _grid.Min) / _grid.Step), 0, _grid.Points);
        return _below[index];
    }

    /// <summary>Answers strictly above <paramref name="price"/>.</summary>
    public long CountAbove(double price)
    {
        var index = (int)Math.Clamp(Math.Floor((price - _grid.Min) / _grid.Step) + 1, 0, _grid.Points);
        return N - _below[index];
    }

    public long Mode()
    {
        var best = 0;
        for (var i = 1; i < _grid.Points; i++)
        {
            if (_counts.CountAt(i) > _counts.CountAt(best)) best = i;
        }
        return _grid.PriceAt(best);
    }

    /// <summary>
    /// The median of |x − median| (type 7, so the mean of the two middle deviations when n is even),
    /// walking outward from the median and merging the two sides in order of distance.
    /// </summary>
    public double MedianAbsoluteDeviation(double median)
    {
        var n = N;
        var lowRank = (n - 1) / 2;
        var highRank = n / 2;
        var right = (int)Math.Clamp(Math.Ceiling((median - _grid.Min) / _grid.Step), 0, _grid.Points);
        var left = right - 1;
        long seen = 0;
        double? low = null;
        while (true)
        {
            var leftDistance = left >= 0 ? median - _grid.PriceAt(left) : double.PositiveInfinity;
            var rightDistance = right < _grid.Points ? _grid.PriceAt(right) - median : double.PositiveInfinity;
            double distance;
            long count;
            if (leftDistance <= rightDistance)
            {
                distance = leftDistance;
                count = _counts.CountAt(left--);
            }
            else
            {
                distance = rightDistance;
                count = _counts.CountAt(right++);
            }
            if (count == 0) continue;
            seen += count;
            if (low is null && seen > lowRank) low = distance;
            if (seen > highRank) return (low!.Value + distance) / 2;
        }
    }

    public Histogram Histogram(int bins)
    {
        var min = OrderStatistic(0);
        var max = OrderStatistic(N - 1);
        var pointsInRange = (max - min) / _grid.Step + 1;
        var stepsPerBin = (pointsInRange + bins - 1) / bins;
        var width = stepsPerBin * _grid.Step;
        var count = (int)((max - min) / width) + 1;
        var result = new HistogramBin[count];
        var start = _grid.IndexOf(min);
        for (var b = 0; b < count; b++)
        {
            var from = min + b * width;
            var first = start + (int)(b * stepsPerBin);
            var last = (int)Math.Min(first + stepsPerBin, _grid.Points);
            result[b] = new HistogramBin(from, from + width, _below[last] - _below[first]);
        }
        return new Histogram(width, result);
    }
}
