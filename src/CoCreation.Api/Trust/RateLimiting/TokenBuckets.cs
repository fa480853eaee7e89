using System.Collections.Concurrent;

namespace CoCreation.Api.Trust.RateLimiting;

/// <summary>
/// A token bucket per key, refilled from the clock when it is touched: every whole <c>period</c> since its last refill
/// adds <c>perPeriod</c> tokens, up to <c>limit</c>. There is no timer per bucket and no pass over every bucket on each
/// tick (the framework's partitioned limiter visits all of them every 100 ms, which cost a tenth of the API's CPU with a
/// D90 crowd's hundreds of thousands of buckets); a sweep every <see cref="SweepInterval"/> drops the buckets that have
/// refilled to full, which is lossless, since a new bucket starts full. So memory follows the keys active lately.
/// </summary>
internal sealed class TokenBuckets<TKey> where TKey : notnull
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<TKey, Bucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly int _perPeriod;
    private readonly long _period;
    private readonly long _sweepEvery;
    private long _lastSweep;
    private int _sweeping;

    public TokenBuckets(TimeProvider time, int limit, int perPeriod, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, perPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _time = time;
        _limit = limit;
        _perPeriod = perPeriod;
        _period = ToTimestamp(period);
        _sweepEvery = ToTimestamp(SweepInterval);
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Buckets held now (keys that spent tokens and have not refilled to full by the last sweep).</summary>
    public int Count => _buckets.Count;

    /// <summary>
    /// For tests: runs in <see cref="TryTake"/> after the bucket is looked up and before it is locked, the moment at
    /// which a sweep can drop it, so that race can be staged rather than waited for.
    /// </summary>
    internal Action? BetweenLookupAndLock { get; set; }

    /// <summary>Takes a token of <paramref name="key"/>'s bucket, or says how long until one is there.</summary>
    public bool TryTake(TKey key, out TimeSpan retryAfter)
    {
        var now = _time.GetTimestamp();
        MaybeSweep(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.Limit, state.Now), (Limit: _limit, Now: now));
            BetweenLookupAndLock?.Invoke();
            lock (bucket.Gate)
            {
                // Swept away between the lookup and the lock: a fresh one (full, as this was) takes its place.
                if (bucket.Removed) continue;
                Refill(bucket, now);
                if (bucket.Tokens > 0)
                {
                    bucket.Tokens--;
                    retryAfter = TimeSpan.Zero;
                    return true;
                }
                retryAfter = _time.GetElapsedTime(now, bucket.RefilledAt + _period);
                return false;
            }
        }
    }

    /// <summary>Gives back a token that <see cref="TryTake"/> took, for a request that another bucket then refused.</summary>
    public void Return(TKey key)
    {
        if (!_buckets.TryGetValue(key, out var bucket)) return; // swept: it is full anyway
        lock (bucket.Gate)
        {
            if (!bucket.Removed && bucket.Tokens < _limit) bucket.Tokens++;
        }
    }

    /// <summary>Drops every bucket that has refilled to full; called every <see cref="SweepInterval"/> by the requests themselves.</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket.Gate)
            {
                Refill(bucket, now);
                if (bucket.Tokens < _limit) continue;
                bucket.Removed = true;
            }
            _buckets.TryRemove(new KeyValuePair<TKey, Bucket>(key, bucket));
        }
    }

    private void MaybeSweep(long now)
    {
        if (now - Volatile.Read(ref _lastSweep) < _sweepEvery || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0) return;
        Volatile.Write(ref _lastSweep, now);
        ThreadPool.UnsafeQueueUserWorkItem(static buckets =>
        {
            try
            {
                buckets.Sweep();
            }
            finally
            {
                Volatile.Write(ref buckets._sweeping, 0);
            }
        }, this, preferLocal: false);
    }

    private void Refill(Bucket bucket, long now)
    {
        if (bucket.Tokens >= _limit)
        {
            // Full: the period of the next token starts when one is taken.
            bucket.RefilledAt = now;
            return;
        }
        var periods = (now - bucket.RefilledAt) / _period;
        if (periods <= 0) return;
        var refill = periods >= (_limit + _perPeriod - 1) / _perPeriod ? _limit : bucket.Tokens + periods * _perPeriod;
        bucket.Tokens = (int)Math.Min(_limit, refill);
        bucket.RefilledAt = bucket.Tokens >= _limit ? now : bucket.RefilledAt + periods * _period;
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class Bucket(int tokens, long refilledAt)
    {
        public Lock Gate { get; } = new();

        public int Tokens { get; set; } = tokens;

        public long RefilledAt { get; set; } = refilledAt;

        public bool Removed { get; set; }
    }
}
