using System.Net;
using CoCreation.Api.Trust.RateLimiting;

namespace CoCreation.Api.Tests.Trust;

/// <summary>The lazily refilled buckets behind the rate limits, on a clock moved by hand.</summary>
public sealed class TokenBucketTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    [Fact]
    public void a_full_bucket_gives_its_burst_then_refuses_until_the_period_after_the_first_token_was_taken()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock, limit: 3, perPeriod: 1, Period);

        Assert.True(buckets.TryTake("a", out _));
        clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("a", out _));

        Assert.False(buckets.TryTake("a", out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(700), wait);
        clock.Advance(TimeSpan.FromMilliseconds(699));
        Assert.False(buckets.TryTake("a", out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("b", out _)); // another key has a bucket of its own
    }

    [Theory]
    [InlineData(1, 3, 1, 1)]     // one token per period
    [InlineData(2, 5, 2, 4)]     // two per period, two periods
    [InlineData(100, 10, 2, 10)] // never more than the limit
    public void each_whole_period_adds_its_tokens_up_to_the_limit(int periods, int limit, int perPeriod, int expected)
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock, limit, perPeriod, Period);
        while (buckets.TryTake("a", out _)) { }

        clock.Advance(Period * periods + TimeSpan.FromMilliseconds(500));

        var taken = 0;
        while (buckets.TryTake("a", out _)) taken++;
        Assert.Equal(expected, taken);
    }

    [Fact]
    public void a_returned_token_can_be_taken_again_but_never_beyond_the_limit()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock, limit: 2, perPeriod: 1, Period);
        Assert.True(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("a", out _));

        buckets.Return("a");
        buckets.Return("a");
        buckets.Return("a");

        Assert.True(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.TryTake("a", out _));
    }

    [Fact]
    public void the_sweep_drops_only_buckets_that_have_refilled_to_full()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock, limit: 5, perPeriod: 1, Period);
        for (var i = 0; i < 5; i++) Assert.True(buckets.TryTake("drained", out _));
        Assert.True(buckets.TryTake("touched", out _));
        Assert.Equal(2, buckets.Count);

        clock.Advance(Period);
        buckets.Sweep();

        // "touched" is full again after a period, so it goes (a new bucket starts full: nothing is lost);
        // "drained" has one token of five and stays.
        Assert.Equal(1, buckets.Count);
        Assert.True(buckets.TryTake("drained", out _));
        Assert.False(buckets.TryTake("drained", out _));
    }

    [Fact]
    public void a_take_that_meets_its_bucket_swept_away_takes_from_the_fresh_bucket_instead()
    {
        // Staged: the bucket is full again (a token taken and given back), and the sweep drops it between the
        // taker's lookup and its lock. Taking from the dropped bucket would hand out a token that the fresh, full
        // bucket hands out once more: three takes admitted from a burst of two.
        const int Burst = 2;
        var buckets = new TokenBuckets<string>(new ManualClock(), limit: Burst, perPeriod: 1, TimeSpan.FromHours(1));
        Assert.True(buckets.TryTake("caller", out _));
        buckets.Return("caller");

        var swept = 0;
        buckets.BetweenLookupAndLock = () =>
        {
            if (Interlocked.Increment(ref swept) == 1) buckets.Sweep();
        };
        var admitted = Enumerable.Range(0, Burst + 1).Count(attempt => buckets.TryTake("caller", out _));

        Assert.True(swept >= 2, "the sweep did not drop the bucket under the first take, so nothing was staged");
        Assert.Equal(Burst, admitted);
        Assert.Equal(1, buckets.Count);
    }

    [Fact]
    public async Task racing_takes_returns_and_sweeps_never_hold_more_tokens_than_the_burst()
    {
        // Takers give their token back at once, so the bucket is full (and swept) again and again: a taker that took
        // from a bucket the sweep had just dropped would hold a token that a fresh full bucket hands out once more.
        const int Burst = 2;
        var buckets = new TokenBuckets<int>(new ManualClock(), limit: Burst, perPeriod: 1, TimeSpan.FromHours(1));
        int held = 0, most = 0, admitted = 0;
        using var stop = new CancellationTokenSource();
        var sweeper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) buckets.Sweep();
        });

        Parallel.For(0, 300_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (!buckets.TryTake(7, out _)) return;
            Interlocked.Increment(ref admitted);
            var now = Interlocked.Increment(ref held);
            int seen;
            while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
            Thread.SpinWait(20); // held a moment, so the others take meanwhile
            Interlocked.Decrement(ref held);
            buckets.Return(7);
        });
        await stop.CancelAsync();
        await sweeper;

        Assert.InRange(most, 1, Burst);
        Assert.True(admitted > Burst, $"only {admitted} takes were admitted; the returns did not refill the bucket");
    }

    [Theory]
    [InlineData("203.0.113.9", "::ffff:203.0.113.9", true)]
    [InlineData("203.0.113.9", "203.0.113.10", false)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("0.0.0.1", "::1", false)]
    public void addresses_share_a_bucket_by_ipv4_address_or_ipv6_64_prefix(string first, string second, bool same)
    {
        var a = CallerAndAddressLimiter.AddressKey(IPAddress.Parse(first));
        var b = CallerAndAddressLimiter.AddressKey(IPAddress.Parse(second));

        Assert.Equal(same, a == b);
        Assert.NotEqual(CallerAndAddressLimiter.AddressKey(null), a);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
