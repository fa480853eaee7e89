using System.Text.Json;
using CoCreation.EventStore.Projections;
using CoCreation.Testing;
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

/// <summary>Per stream, the sequence of every event applied, in application order: a double or a miss shows.</summary>
public sealed record AppliedLog(string Id, List<long> Sequences);

/// <summary>Records each applied event in its stream's document, taking <paramref name="delay"/> per event so pages stay open.</summary>
public sealed class SequenceLog : DocumentProjection
{
    public SequenceLog(string name, TimeSpan delay) : base(name)
    {
        On<Counted>(async (session, _, envelope, ct) =>
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
            var log = await session.LoadAsync<AppliedLog>(envelope.StreamId, ct) ?? new AppliedLog(envelope.StreamId, []);
            session.Store(envelope.StreamId, log with { Sequences = [.. log.Sequences, envelope.Sequence] });
        });
    }
}

/// <summary>
/// In memory, the sequences applied per stream with its prefix. A <see cref="Poisoned"/> event throws: alone it
/// leaves the state untouched (as the contract asks); within a page, after applying the events before it, and
/// only after <paramref name="failSlowly"/>, the way a real failure can leave a page half applied.
/// </summary>
public sealed class LiveLog(string name, string prefix, TimeSpan failSlowly = default) : ILiveProjection
{
    private readonly Lock _lock = new();
    private Dictionary<string, List<long>> _applied = [];

    public string Name => name;

    public string Version => "1";

    public Dictionary<string, List<long>> Applied
    {
        get
        {
            lock (_lock) return _applied.ToDictionary(p => p.Key, p => p.Value.ToList());
        }
    }

    public void Apply(IReadOnlyList<RecordedEvent> events)
    {
        lock (_lock)
        {
            if (events.Count == 1 && events[0].Data is Poisoned alone) throw new InvalidOperationException(alone.Why);
            foreach (var e in events)
            {
                if (e.Data is Poisoned poisoned)
                {
                    Thread.Sleep(failSlowly);
                    throw new InvalidOperationException(poisoned.Why);
                }
                if (!e.StreamId.StartsWith(prefix, StringComparison.Ordinal)) continue;
                if (!_applied.TryGetValue(e.StreamId, out var list)) _applied[e.StreamId] = list = [];
                list.Add(e.Sequence);
            }
        }
    }

    public byte[] CreateSnapshot()
    {
        lock (_lock) return JsonSerializer.SerializeToUtf8Bytes(_applied);
    }

    public void Restore(byte[] snapshot)
    {
        lock (_lock) _applied = JsonSerializer.Deserialize<Dictionary<string, List<long>>>(snapshot)!;
    }

    public void Reset()
    {
        lock (_lock) _applied = [];
    }
}

/// <summary>A node: an event store over the fixture's schema on a pool of its own, named so its sessions can be found and killed.</summary>
internal sealed class Node : IAsyncDisposable
{
    private readonly Npgsql.NpgsqlDataSource _dataSource;

    public Node(string schema)
    {
        Application = $"node-{Guid.NewGuid():N}"[..20];
        _dataSource = TestDatabase.CreateDataSource(Application);
        var options = new EventStoreOptions { Schema = schema };
        options.Events.Add<Counted>().Add<Poisoned>();
        Store = new EventStore(_dataSource, Options.Create(options));
    }

    public string Application { get; }

    public EventStore Store { get; }

    /// <summary>Terminates this node's pooled sessions that are inside a transaction; how many it found.</summary>
    public async Task<int> KillOpenTransactionsAsync(EventStore observer)
    {
        await using var command = observer.DataSource.CreateCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = $1 and xact_start is not null");
        command.Parameters.AddWithValue(Application);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _dataSource.DisposeAsync();
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
                last = Math.Max(last, (await store.AppendAsync(stream, batch)).LastSequence);
            }
        }
        return last;
    }

    /// <summary>The sequences of each stream's Counted events, as the log holds them.</summary>
    public static async Task<Dictionary<string, List<long>>> CountedSequencesAsync(EventStore store, IEnumerable<string> streams)
    {
        var expected = new Dictionary<string, List<long>>();
        foreach (var stream in streams)
        {
            expected[stream] = [.. (await store.ReadStreamAsync(stream)).Where(e => e.Data is Counted).Select(e => e.Sequence)];
        }
        return expected;
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
