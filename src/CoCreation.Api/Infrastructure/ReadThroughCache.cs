using System.Collections.Concurrent;

namespace CoCreation.Api.Infrastructure;

/// <summary>
/// Per-node read-through cache of small definitions (pricing items, questions) that every answer needs: an entry is
/// loaded once and trusted for a time to live, so in the steady state an answer costs no read besides its append.
/// Concurrent misses share one load (the entry that wins the map); a failed load is not kept; absent values (null)
/// are kept too, so a flood of requests for a made-up id does not become a flood of reads. Bounded: past
/// <c>maxEntries</c> (endless made-up ids) the map starts over.
/// </summary>
internal sealed class ReadThroughCache<TKey, TValue>(TimeProvider time, TimeSpan timeToLive, int maxEntries) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    /// <summary>The value as of at most the time to live ago; <paramref name="load"/> runs without the caller's token, since other requests may share it.</summary>
    public async Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> load, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now < entry.Expires) return await entry.Value.Value.WaitAsync(cancellationToken);

        if (_entries.Count >= maxEntries) _entries.Clear();
        var fresh = new Entry(new Lazy<Task<TValue>>(() => load(key)), now + timeToLive);
        var winner = entry is not null && _entries.TryUpdate(key, fresh, entry) ? fresh : _entries.GetOrAdd(key, fresh);
        try
        {
            return await winner.Value.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, winner));
            throw;
        }
    }

    /// <summary>Replaces the entry with a value this node just wrote.</summary>
    public void Set(TKey key, TValue value) =>
        _entries[key] = new Entry(new Lazy<Task<TValue>>(Task.FromResult(value)), time.GetUtcNow() + timeToLive);

    /// <summary>Drops the entry, so the next request loads it again (after a write whose new state is not at hand).</summary>
    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    private sealed record Entry(Lazy<Task<TValue>> Value, DateTimeOffset Expires);
}
