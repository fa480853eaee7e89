using CoCreation.Api.Infrastructure;

namespace CoCreation.Api.Tests.Infrastructure;

public sealed class ReadThroughCacheTests
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task a_value_is_loaded_once_and_trusted_until_its_time_to_live_is_over()
    {
        var clock = new ManualClock();
        var cache = new ReadThroughCache<string, string?>(clock, TimeToLive, maxEntries: 100);
        var loads = 0;
        Task<string?> Load(string key) => Task.FromResult<string?>($"{key}#{Interlocked.Increment(ref loads)}");

        Assert.Equal("q#1", await cache.GetAsync("q", Load, CancellationToken.None));
        clock.Advance(TimeToLive - TimeSpan.FromMilliseconds(1));
        Assert.Equal("q#1", await cache.GetAsync("q", Load, CancellationToken.None));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("q#2", await cache.GetAsync("q", Load, CancellationToken.None));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task concurrent_misses_share_one_load_and_an_absent_value_is_kept_too()
    {
        var cache = new ReadThroughCache<string, string?>(new ManualClock(), TimeToLive, maxEntries: 100);
        var loads = 0;
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string?> Load(string key)
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        }

        var waiting = Enumerable.Range(0, 20).Select(_ => Task.Run(() => cache.GetAsync("missing", Load, CancellationToken.None))).ToArray();
        while (Volatile.Read(ref loads) == 0) await Task.Delay(1);
        await Task.Delay(20); // the other requests reach the entry meanwhile
        release.SetResult(null);

        Assert.All(await Task.WhenAll(waiting), Assert.Null);
        Assert.Null(await cache.GetAsync("missing", Load, CancellationToken.None));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task a_failed_load_is_not_kept_and_the_next_request_loads_again()
    {
        var cache = new ReadThroughCache<string, string?>(new ManualClock(), TimeToLive, maxEntries: 100);
        var loads = 0;
        Task<string?> Load(string key) => Interlocked.Increment(ref loads) == 1
            ? Task.FromException<string?>(new TimeoutException("PostgreSQL is away"))
            : Task.FromResult<string?>("back");

        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync("q", Load, CancellationToken.None));
        Assert.Equal("back", await cache.GetAsync("q", Load, CancellationToken.None));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task a_set_value_is_served_at_once_and_a_forgotten_one_is_loaded_again()
    {
        var cache = new ReadThroughCache<string, string?>(new ManualClock(), TimeToLive, maxEntries: 100);
        var stored = "closed";
        Task<string?> Load(string key) => Task.FromResult<string?>(stored);

        Assert.Equal("closed", await cache.GetAsync("q", Load, CancellationToken.None));
        stored = "open";
        Assert.Equal("closed", await cache.GetAsync("q", Load, CancellationToken.None));
        cache.Forget("q");
        Assert.Equal("open", await cache.GetAsync("q", Load, CancellationToken.None));
        cache.Set("q", "written here");
        Assert.Equal("written here", await cache.GetAsync("q", Load, CancellationToken.None));
    }

    [Fact]
    public async Task past_its_bound_the_cache_starts_over_instead_of_growing()
    {
        var cache = new ReadThroughCache<int, string?>(new ManualClock(), TimeToLive, maxEntries: 10);
        var loads = 0;
        Task<string?> Load(int key)
        {
            Interlocked.Increment(ref loads);
            return Task.FromResult<string?>(null);
        }

        for (var id = 0; id < 25; id++) await cache.GetAsync(id, Load, CancellationToken.None);
        loads = 0;
        await cache.GetAsync(0, Load, CancellationToken.None);

        Assert.Equal(1, loads); // id 0 was dropped when the map started over
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
