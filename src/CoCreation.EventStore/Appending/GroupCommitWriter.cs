using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore;

/// <summary>
/// Coalesces concurrent appends into shared transactions. A bounded queue feeds a few writers, each
/// committing up to <see cref="GroupCommitOptions.MaxBatchSize"/> appends per transaction; callers are
/// completed only after their transaction commits. When every writer is idle an append commits at
/// once; while others are committing, a writer waits up to <see cref="GroupCommitOptions.MaxBatchDelay"/>
/// to fill its batch, so batches grow with load instead of latency growing with it.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly EventStore _store;
    private readonly ILogger _logger;
    private readonly GroupCommitOptions _options;
    private readonly Channel<PendingAppend> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly BatchCommitter _committer;
    private Task[]? _writers;
    private int _committing;

    public GroupCommitWriter(EventStore store, ILogger<GroupCommitWriter> logger)
    {
        _store = store;
        _logger = logger;
        _options = store.Options.GroupCommit;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Writers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxQueueLength, 1);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(_options.MaxQueueLength)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _committer = new BatchCommitter(store);
        EventStoreMetrics.Meter.CreateObservableGauge("cocreation.eventstore.queue_depth", () => QueueLength, description: "Appends waiting for a group-commit writer.");
    }

    public int QueueLength => _queue.Reader.Count;

    public Task<AppendResult> EnqueueAsync(PendingAppend append, CancellationToken cancellationToken)
    {
        EnsureStarted();
        if (!_queue.Writer.TryWrite(append))
        {
            EventStoreMetrics.AppendFailures.Add(1, new KeyValuePair<string, object?>("reason", "busy"));
            throw new EventStoreBusyException(TimeSpan.FromSeconds(1));
        }
        // Cancelling the wait does not cancel the append: it may still commit. Retrying with the same
        // idempotency key is the way to learn its outcome.
        return append.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Commits one append in a transaction of its own.</summary>
    public async Task<AppendResult> CommitAloneAsync(PendingAppend append, CancellationToken cancellationToken)
    {
        await CommitAsync([append], cancellationToken);
        return await append.Completion.Task;
    }

    private void EnsureStarted()
    {
        if (_writers is not null) return;
        lock (_gate)
        {
            if (_writers is not null) return;
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _writers = Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(() => RunAsync(_stopping.Token))).ToArray();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var batch = new List<PendingAppend>(Math.Min(_options.MaxBatchSize, 4096));
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var append)) batch.Add(append);
                if (batch.Count < _options.MaxBatchSize && Volatile.Read(ref _committing) > 0 && _options.MaxBatchDelay > TimeSpan.Zero)
                {
                    await FillAsync(batch, reader, stopping);
                }
                if (batch.Count == 0) continue;

                Interlocked.Increment(ref _committing);
                try
                {
                    await CommitAsync(batch, stopping);
                }
                finally
                {
                    Interlocked.Decrement(ref _committing);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            foreach (var append in batch) append.Completion.TrySetCanceled(stopping);
        }
    }

    private async Task FillAsync(List<PendingAppend> batch, ChannelReader<PendingAppend> reader, CancellationToken stopping)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxBatchDelay.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count < _options.MaxBatchSize)
        {
            if (reader.TryRead(out var append))
            {
                batch.Add(append);
                continue;
            }
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            wait.CancelAfter(remaining);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token)) return;
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Commits a batch and completes every caller in it; never throws.</summary>
    private async Task CommitAsync(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken, int attempt = 1)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _committer.CommitAsync(batch, cancellationToken);
            var last = batch.Where(a => a.Result is { Replayed: false }).Select(a => a.Result!.LastSequence).DefaultIfEmpty().Max();
            if (last > 0) _store.Notifier.Committed(last);
            EventStoreMetrics.BatchSize.Record(batch.Count);
            EventStoreMetrics.CommitDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (PostgresException e) when (IsStoredFirst(e) && attempt < MaxRounds)
        {
            // A key or a new stream that a concurrent transaction stored after this batch looked: the batch rolled
            // back whole and is run again, when it sees that row committed (the violation is raised only once the
            // other transaction committed). Each round retires at least one of the batch's keys or new streams, so
            // this ends; the bound only guards against a bug looping for ever.
            await CommitAsync(batch, cancellationToken, attempt + 1);
            return;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 3)
        {
            // Ahead of the transient filter below, which counts a deadlock as transient too: a deadlock is no
            // outage, and the batch rolled back whole, so it is simply run again.
            await CommitAsync(batch, cancellationToken, attempt + 1);
            return;
        }
        catch (Exception e) when (EventStore.IsTransient(e) || e is OperationCanceledException)
        {
            _logger.LogWarning(e, "Group commit of {Count} appends failed: PostgreSQL unavailable", batch.Count);
            var failure = e is OperationCanceledException ? e : EventStore.Unavailable(e);
            foreach (var append in batch) append.Failure = failure;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // Something in the batch broke the whole transaction (a bad value, a deadlock): commit each
            // append alone so that only the culprit fails.
            _logger.LogWarning(e, "Group commit of {Count} appends failed; committing them one by one", batch.Count);
            foreach (var append in batch)
            {
                await CommitAsync([append], cancellationToken);
            }
            return;
        }
        catch (Exception e)
        {
            batch[0].Failure = Translate(batch[0], e);
            if (batch[0].Failure == e) _logger.LogError(e, "Append to {StreamId} failed", batch[0].StreamId);
        }

        foreach (var append in batch)
        {
            EventStoreMetrics.Appends.Add(1);
            if (append.Failure is null && append.Result is { Replayed: false })
            {
                EventStoreMetrics.EventsAppended.Add(append.Events.Count);
            }
            else if (append.Failure is not null)
            {
                EventStoreMetrics.AppendFailures.Add(1, new KeyValuePair<string, object?>("reason", append.Failure.GetType().Name));
            }
            append.Complete();
        }
    }

    /// <summary>Most rounds a batch or a bulk chunk is run again after rows stored first by others.</summary>
    internal const int MaxRounds = 50;

    /// <summary>A unique violation on a row another transaction stored first, which <see cref="BatchCommitter"/> does not lock ahead.</summary>
    internal static bool IsStoredFirst(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "idempotency_keys_pkey" or "events_stream_version" };

    private static Exception Translate(PendingAppend append, Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "events_stream_version" } =>
            new ConcurrencyException(append.StreamId, append.Options.Expected, -1),
        PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) =>
            new InvalidEventException($"PostgreSQL refused the event data: {((PostgresException)e).MessageText}", e),
        _ => e,
    };

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task[]? writers;
        lock (_gate) writers = _writers;
        if (writers is not null)
        {
            // Let queued appends commit, but don't hang shutdown on a dead database.
            var drained = Task.WhenAll(writers);
            if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))) != drained) await _stopping.CancelAsync();
            try
            {
                await drained;
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }
}
