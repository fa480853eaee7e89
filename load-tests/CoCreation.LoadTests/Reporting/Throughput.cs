using System.Diagnostics;

namespace CoCreation.LoadTests.Reporting;

/// <summary>Counts per second of a run, for the mean and the peak rate.</summary>
internal sealed class Throughput
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly List<long> _perSecond = [];

    public void Add()
    {
        var second = (int)Stopwatch.GetElapsedTime(_started).TotalSeconds;
        lock (_gate)
        {
            while (_perSecond.Count <= second) _perSecond.Add(0);
            _perSecond[second]++;
        }
    }

    /// <summary>The busiest whole second (the last, partial second excluded unless it is the only one).</summary>
    public long Peak()
    {
        lock (_gate)
        {
            if (_perSecond.Count == 0) return 0;
            return _perSecond.Count == 1 ? _perSecond[0] : _perSecond.Take(_perSecond.Count - 1).Max();
        }
    }
}
