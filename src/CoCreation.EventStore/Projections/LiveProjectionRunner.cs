using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore.Projections;

/// <summary>
/// Feeds one <see cref="ILiveProjection"/> on this node: restore the latest usable snapshot, replay the
/// tail, follow the log. The node holding the projection's lease also writes snapshots and carries out
/// rebuild requests; every node follows the generation in <c>progression</c> and starts over when it moves.
/// </summary>
internal sealed class LiveProjectionRunner(DaemonContext context, ILiveProjection projection) : IProjectionRunner
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<LiveProjectionRunner>();
    private readonly long _key = context.LeaseKey(projection.Name);
    private readonly HashSet<long> _poison = [];
    private FeedSubscription? _feed;
    private ProgressionRow? _row;
    private long _rowReadAt;
    private long _carefulUntil;
    private long _sinceSnapshot;
    private long _snapshotAt = Environment.TickCount64;
    private long? _leaseTriedAt;
    private volatile bool _active;
    private long _position;

    public string Name => projection.Name;

    public ProjectionKind Kind => ProjectionKind.Live;

    public bool IsActive => _active;

    /// <summary>The last sequence applied to this node's in-memory state.</summary>
    public long Position => Interlocked.Read(ref _position);

    public int Generation { get; private set; } = -1;

    public DateTimeOffset? LastAppliedAt { get; private set; }

    private EventStore Store => context.Store;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(cancellationToken);
            }
            catch (Exception e) when (DaemonContext.IsStop(e, cancellationToken))
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Live projection {Projection} failed; retrying", Name);
                await Task.Delay(context.Options.RetryDelay, cancellationToken);
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = context.Changes.Next;
            await KeepLeaseAsync(cancellationToken);
            var row = await ReadProgressionAsync(cancellationToken);
            if (_active && row.RebuildRequested)
            {
                row = _row = await StartNewGenerationAsync(cancellationToken);
            }
            if (row.Generation != Generation || _feed is null)
            {
                await StartAsync(row.Generation, cancellationToken);
            }

            var page = await _feed!.ReadNextAsync(context.Options.PageSize, cancellationToken);
            Apply(page);
            // After a failed page the state may hold part of it: never snapshot that; start over first.
            if (_active && _feed is not null) await MaybeSnapshotAsync(cancellationToken);
            if (page.Events.Count == 0)
            {
                var interval = page.WaitingOnGap ? context.Options.GapPollInterval : context.Options.IdlePollInterval;
                await context.IdleAsync(changed, interval, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The projection's row, read again at most once a poll interval while the loop runs: it only carries
    /// rebuild requests and generation moves, and reading it on every page cost a query per page per projection.
    /// </summary>
    private async Task<ProgressionRow> ReadProgressionAsync(CancellationToken cancellationToken)
    {
        if (_row is null || _feed is null || Environment.TickCount64 - _rowReadAt >= context.Options.IdlePollInterval.TotalMilliseconds)
        {
            _row = await Progression.ReadAsync(Store, Name, cancellationToken);
            _rowReadAt = Environment.TickCount64;
        }
        return _row;
    }

    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        if (_active && !context.Leases.IsHeld(_key))
        {
            _active = false;
            _logger.LogWarning("Live projection {Projection} lost its lease; another node writes its snapshots now", Name);
        }
        if (_active || Environment.TickCount64 - _leaseTriedAt < context.Options.StandbyRetryInterval.TotalMilliseconds) return;
        _leaseTriedAt = Environment.TickCount64;
        if (await context.Leases.TryAcquireAsync(_key, cancellationToken))
        {
            _active = true;
            _snapshotAt = Environment.TickCount64;
            _logger.LogInformation("Live projection {Projection} writes its snapshots from this node", Name);
        }
    }

    /// <summary>Restores the snapshot of this version and generation, if any, else starts from empty.</summary>
    private async Task StartAsync(int generation, CancellationToken cancellationToken)
    {
        if (Generation >= 0 && generation != Generation)
        {
            _logger.LogInformation("Live projection {Projection} moved to generation {Generation}; replaying", Name, generation);
            _poison.Clear();
            _pendingDeadLetters.Clear();
            _carefulUntil = 0;
        }
        await using var command = Store.DataSource.CreateCommand(
            $"select seq_id, data from {Store.Schema}.snapshots where name = $1 and generation = $2 and version = $3");
        command.Parameters.AddWithValue(Name);
        command.Parameters.AddWithValue(generation);
        command.Parameters.AddWithValue(projection.Version);
        long position = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                position = reader.GetInt64(0);
                projection.Restore(reader.GetFieldValue<byte[]>(1));
            }
            else
            {
                projection.Reset();
            }
        }
        _logger.LogInformation("Live projection {Projection} starts at sequence {Position} (generation {Generation})", Name, position, generation);
        Generation = generation;
        Interlocked.Exchange(ref _position, position);
        _sinceSnapshot = 0;
        _feed = context.Feed.Subscribe(position);
    }

    private void Apply(EventPage page)
    {
        IReadOnlyList<RecordedEvent> events = _poison.Count == 0 ? page.Events : page.Events.Where(e => !_poison.Contains(e.Sequence)).ToList();
        if (events.Count > 0 && events[0].Sequence <= _carefulUntil)
        {
            ApplyOneByOne(events);
        }
        else if (events.Count > 0)
        {
            try
            {
                projection.Apply(events);
            }
            catch (Exception e)
            {
                // The state may hold part of the page: start over from the snapshot and find the culprit one event at a time.
                _logger.LogError(e, "Live projection {Projection} failed on the page {From}..{To}; replaying it event by event", Name, events[0].Sequence, page.Position);
                _carefulUntil = page.Position;
                _feed = null;
                return;
            }
        }
        Progression.RecordApplied(Name, events, DateTimeOffset.UtcNow);
        if (events.Count > 0) LastAppliedAt = DateTimeOffset.UtcNow;
        _sinceSnapshot += events.Count;
        Interlocked.Exchange(ref _position, page.Position);
        context.Progress.Pulse();
    }

    private void ApplyOneByOne(IReadOnlyList<RecordedEvent> events)
    {
        foreach (var e in events)
        {
            try
            {
                projection.Apply([e]);
            }
            catch (Exception error)
            {
                // Apply must leave the state untouched when one event throws; the event is stepped over on every node.
                _logger.LogError(error, "Live projection {Projection} steps over event {Sequence} ({Type})", Name, e.Sequence, e.Type);
                _poison.Add(e.Sequence);
                // Written once this node leads (the leader at the time may be gone before it reaches the event).
                _pendingDeadLetters.Add((e, error));
            }
        }
    }

    private readonly List<(RecordedEvent Event, Exception Error)> _pendingDeadLetters = [];

    private async Task MaybeSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_pendingDeadLetters.Count > 0)
        {
            await using var connection = await Store.DataSource.OpenConnectionAsync(cancellationToken);
            foreach (var (e, error) in _pendingDeadLetters)
            {
                await Progression.DeadLetterAsync(Store, connection, null, Name, e, error, cancellationToken);
            }
            _pendingDeadLetters.Clear();
        }

        // One write at a time; the next is due only after it finished (a failed one is retried when due again).
        if (_snapshotWrite is { IsCompleted: false }) return;
        var due = _sinceSnapshot >= context.Options.SnapshotEveryEvents
            || (_sinceSnapshot > 0 && Environment.TickCount64 - _snapshotAt >= context.Options.SnapshotInterval.TotalMilliseconds);
        if (!due) return;

        // The state is copied here, between pages, where nothing else touches it; storing the copy (tens of megabytes
        // at D90 scale) goes on beside the loop, so applying the log never waits for it.
        var data = projection.CreateSnapshot();
        _sinceSnapshot = 0;
        _snapshotAt = Environment.TickCount64;
        _snapshotWrite = WriteSnapshotAsync(data, Position, Generation, cancellationToken);
    }

    private Task? _snapshotWrite;

    private async Task WriteSnapshotAsync(byte[] data, long position, int generation, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using var command = Store.DataSource.CreateCommand(
                $"""
                with progressed as (
                    update {Store.Schema}.progression set last_seq_id = $2, last_updated = now()
                    where name = $1 and generation = $3
                    returning name)
                insert into {Store.Schema}.snapshots (name, seq_id, generation, version, data, taken)
                select $1, $2, $3, $4, $5, now() from progressed
                on conflict (name) do update
                set seq_id = excluded.seq_id, generation = excluded.generation, version = excluded.version, data = excluded.data, taken = now()
                """);
            command.Parameters.AddWithValue(Name);
            command.Parameters.AddWithValue(position);
            command.Parameters.AddWithValue(generation);
            command.Parameters.AddWithValue(projection.Version);
            command.Parameters.AddWithValue(data);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _logger.LogDebug("Live projection {Projection} took a snapshot at {Position} ({Bytes} bytes)", Name, position, data.Length);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A snapshot only shortens the next start; the log stays the truth, so a failed write waits for the next one.
            _logger.LogWarning(e, "Live projection {Projection} could not store its snapshot at {Position}", Name, position);
        }
    }

    /// <summary>Carries out a rebuild request: a new generation, no snapshot, progress from zero.</summary>
    private async Task<ProgressionRow> StartNewGenerationAsync(CancellationToken cancellationToken)
    {
        await using var command = Store.DataSource.CreateCommand(
            $"""
            with snapshot as (delete from {Store.Schema}.snapshots where name = $1),
                 letters as (delete from {Store.Schema}.dead_letters where projection = $1)
            update {Store.Schema}.progression
            set last_seq_id = 0, generation = generation + 1, rebuild_requested = false, last_updated = now()
            where name = $1 and rebuild_requested
            """);
        command.Parameters.AddWithValue(Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _logger.LogInformation("Live projection {Projection} starts a new generation on request", Name);
        return await Progression.ReadAsync(Store, Name, cancellationToken);
    }
}
