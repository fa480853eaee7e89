namespace CoCreation.LoadTests.Reporting;

/// <summary>Every latency of a run, kept exactly (a few hundred thousand doubles) so percentiles are exact.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _gate = new();

    public void Add(TimeSpan elapsed)
    {
        lock (_gate) _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_gate) sorted = [.. _milliseconds];
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0)
            : new LatencySummary(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted[^1], sorted.Length);
    }

    // Hyndman–Fan type 7, as NumPy's default.
    private static double At(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return Math.Round(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]), 3);
    }
}

internal sealed record LatencySummary(double P50, double P95, double P99, double Max, int Count);
