using System.Text.Json;
using CoCreation.EventStore.Projections;
using CoCreation.EventStore.Tests.Reading;
using Microsoft.Extensions.Options;

namespace CoCreation.EventStore.Tests.Projections;

public sealed record Counted(int N);

public sealed record Poisoned(string Why);

/// <summary>One per stream: how many events were applied, and whether any arrived twice or out of order.</summary>
public sealed record StreamCount(string Id, int Count, long Sum, int OutOfOrder);

/// <summary>Counts each stream's events; a double or missed application shows as OutOfOrder.</summary>
public sealed class StreamCounter : DocumentProjection
{
    public StreamCounter(string name) : base(name)
    {
        On<Counted>(async (session, e, envelope, ct) =>
        {
            var current = await session.LoadAsync<StreamCount>(envelope.StreamId, ct) ?? new StreamCount(envelope.StreamId, 0, 0, 0);
            var outOfOrder = envelope.Version == current.Count + 1 ? 0 : 1;
            session.Store(envelope.StreamId, current with
            {
                Count = current.Count + 1,
                Sum = current.Sum + e.N,
                OutOfOrder = current.OutOfOrder + outOfOrder,
            });
        });
        On<Poisoned>((_, e, _) => throw new InvalidOperationException(e.Why));
    }
}

/// <summary>Counts events per stream in memory, for streams starting with its prefix.</summary>
public sealed class LiveCounter(string name, string prefix) : ILiveProjection
{
    private readonly Lock _lock = new();
    private Dictionary<string, int> _counts = [];

    public string Name => name;

    public string Version => "1";

    public int Restores { get; private set; }

    public int EventsApplied { get; private set; }

    public Dictionary<string, int> Counts
    {
        get
        {
            lock (_lock) return new Dictionary<string, int>(_counts);
        }
    }

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        lock (_lock)
        {
            foreach (var e in events.Where(e => e.StreamId.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _counts[e.StreamId] = _counts.GetValueOrDefault(e.StreamId) + 1;
                EventsApplied++;
            }
        }
    }

    public byte[] CreateSnapshot()
    {
        lock (_lock) return JsonSerializer.SerializeToUtf8Bytes(_counts);
    }

    public void Restore(byte[] snapshot)
    {
        lock (_lock)
        {
            _counts = JsonSerializer.Deserialize<Dictionary<string, int>>(snapshot)!;
            Restores++;
        }
    }

    public void Reset()
    {
        lock (_lock) _counts = [];
    }
}

internal static class Daemons
{
    public static ProjectionDaemon Create(EventStore store, DocumentProjection[]? documents = null, ILiveProjection[]? live = null, Action<ProjectionDaemonOptions>? configure = null)
    {
        var options = new ProjectionDaemonOptions
        {
            PageSize = 100,
            IdlePollInterval = TimeSpan.FromMilliseconds(200),
            StandbyRetryInterval = TimeSpan.FromMilliseconds(200),
            LeaseCheckInterval = TimeSpan.FromMilliseconds(200),
            RetryDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new ProjectionDaemon(store, documents ?? [], live ?? [], Options.Create(options));
    }

    /// <summary>Appends <paramref name="perStream"/> Counted events to each stream, a few per transaction, interleaved.</summary>
    public static async Task<long> AppendCountsAsync(EventStore store, IReadOnlyList<string> streams, int perStream, int perTransaction = 5)
    {
        long last = 0;
        for (var done = 0; done < perStream; done += perTransaction)
        {
            foreach (var stream in streams)
            {
                var batch = Enumerable.Range(done, Math.Min(perTransaction, perStream - done)).Select(n => (object)new Counted(n)).ToArray();
                last = Math.Max(last, (await RawAppender.AppendAsync(store, stream, batch))[^1]);
            }
        }
        return last;
    }

    public static async Task WaitAsync(this ProjectionDaemon daemon, string projection, long sequence)
    {
        Assert.True(await daemon.WaitForPositionAsync(projection, sequence, TimeSpan.FromSeconds(60)),
            $"{projection} did not reach {sequence}");
    }

    public static async Task StopAsync(this ProjectionDaemon daemon)
    {
        await daemon.StopAsync(CancellationToken.None);
        daemon.Dispose();
    }
}
